// verify_gorilla: the ground-truth test's check of a gorilla/sessions CookieStore cookie with the
// real libraries (gorilla/securecookie 1.1.1, encoding/gob of Go 1.19), independently of knox.
//
// Reads one JSON request on stdin:
//
//	{"name": "session", "value": "<cookie value>", "secrets": ["...", ...]}
//
// and writes {"index": i, "payload": {...}, "unkeyed": {...}, "error": "..."}: index is the first
// secret that decodes the cookie as a hash key with no block key (securecookie.Decode, MaxAge 30
// days as CookieStore sets it), -1 when none; payload the session values it decoded (keys and
// values printed with %v); unkeyed the same values read WITHOUT any key: the cookie's middle part
// base64-decoded and gob-decoded as CookieStore's map[interface{}]interface{} (what anyone holding
// the cookie can read when there is no block key), null when that fails.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"

	"github.com/gorilla/securecookie"
)

type request struct {
	Name    string   `json:"name"`
	Value   string   `json:"value"`
	Secrets []string `json:"secrets"`
}

func printable(m map[interface{}]interface{}) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[fmt.Sprint(k)] = fmt.Sprint(v)
	}
	return out
}

// unkeyed reads the values without a key: base64url(date|value|mac), value = base64url(gob).
func unkeyed(value string) (map[string]string, error) {
	raw, err := base64.URLEncoding.DecodeString(value)
	if err != nil {
		return nil, err
	}
	parts := bytes.SplitN(raw, []byte("|"), 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("not date|value|mac")
	}
	plain, err := base64.URLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		return nil, err
	}
	m := map[interface{}]interface{}{}
	if err := gob.NewDecoder(bytes.NewReader(plain)).Decode(&m); err != nil {
		return nil, err
	}
	return printable(m), nil
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "verify_gorilla:", err)
		os.Exit(2)
	}
	out := map[string]interface{}{"index": -1, "payload": nil, "unkeyed": nil}
	for i, s := range req.Secrets {
		m := map[interface{}]interface{}{}
		codec := securecookie.New([]byte(s), nil)
		codec.MaxAge(86400 * 30)
		if err := codec.Decode(req.Name, req.Value, &m); err == nil {
			out["index"] = i
			out["payload"] = printable(m)
			break
		}
	}
	if m, err := unkeyed(req.Value); err == nil {
		out["unkeyed"] = m
	} else {
		out["error"] = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
