package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
)

var checks, failures int

func check(name string, ok bool, detail ...interface{}) {
	checks++
	if !ok {
		failures++
		fmt.Fprintln(os.Stderr, "FAIL", name, fmt.Sprint(detail...))
	}
}

type signCase struct {
	name    string
	options map[string]interface{}
	input   string
	cfg     config
	cookie  string
}

// reverse: knox signs, the real CookieStore (securecookie.DecodeMulti for JSON) reads; then the
// knox CLI on cookies gorilla wrote.
func reverse(helper, knox string) int {
	session := `{"user":"knox","id":42,"admin":false,"ratio":0.5,"none":null,"_flash":["hi",1,[true]],"text":"Zoë <&> \u2028"}`
	opts := func(kv ...interface{}) map[string]interface{} {
		m := map[string]interface{}{"secrets": []string{hashKey}, "cookie_name": "session", "timestamp": T0}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	base := config{Secrets: []string{hashKey}, Digest: "sha256", Now: T0 + 10}
	with := func(f func(*config)) config { c := base; f(&c); return c }
	cases := []signCase{
		{"gob", opts(), session, base, "session"},
		{"gob-empty", opts(), `{}`, base, "session"},
		{"gob-sha512", opts("digest", "sha512"), session, with(func(c *config) { c.Digest = "sha512" }), "session"},
		{"gob-sha1", opts("digest", "sha1"), session, with(func(c *config) { c.Digest = "sha1" }), "session"},
		{"gob-aes128", opts("block_keys", []string{block16}), session, with(func(c *config) { c.BlockKeys = []string{block16} }), "session"},
		{"gob-aes192", opts("block_keys", []string{block24}), session, with(func(c *config) { c.BlockKeys = []string{block24} }), "session"},
		{"gob-aes256", opts("block_keys", []string{block32}), session, with(func(c *config) { c.BlockKeys = []string{block32} }), "session"},
		{"gob-other-name", opts("cookie_name", "app"), session, base, "app"},
		{"json", opts("serializer", "json"), `{"b":[1,2.5],"a":{"x":"<y>"},"s":"\u2028"}`,
			with(func(c *config) { c.Serializer = "json" }), "session"},
		{"json-scalar", opts("serializer", "json"), `"text"`, with(func(c *config) { c.Serializer = "json" }), "session"},
		{"json-aes256", opts("serializer", "json", "block_keys", []string{block32}), `[1,{"k":null}]`,
			with(func(c *config) { c.Serializer = "json"; c.BlockKeys = []string{block32} }), "session"},
	}
	var requests bytes.Buffer
	for _, c := range cases {
		b, _ := json.Marshal(map[string]interface{}{"format": "gorilla", "options": c.options, "input": c.input})
		requests.Write(b)
		requests.WriteByte('\n')
	}
	cmd := exec.Command(helper)
	cmd.Stdin = &requests
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "token_interop_sign failed:", err)
		return 1
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(cases) {
		fmt.Fprintln(os.Stderr, "token_interop_sign answered", len(lines), "lines for", len(cases))
		return 1
	}
	for i, c := range cases {
		var answer map[string]string
		_ = json.Unmarshal([]byte(lines[i]), &answer)
		token := answer["token"]
		if token == "" {
			check("sign-"+c.name, false, answer["error"])
			continue
		}
		if c.cfg.Serializer == "json" {
			var want interface{}
			_ = json.Unmarshal([]byte(c.input), &want)
			outcome, got, _ := readJSON(c.cfg, c.cookie, token)
			check("securecookie-reads-"+c.name, outcome == "ok" && reflect.DeepEqual(got, want), outcome, " ", got)
		} else {
			want, _, err := sessionFromJSON(c.input)
			if err != nil {
				panic(err)
			}
			outcome, got, _ := readSession(c.cfg, c.cookie, token)
			check("cookiestore-reads-"+c.name, outcome == "ok" && reflect.DeepEqual(got, want), outcome, " ", got)
		}
		wrongKey := c.cfg
		wrongKey.Secrets = []string{"another key"}
		outcome, _, _ := readSession(wrongKey, c.cookie, token)
		if c.cfg.Serializer == "json" {
			outcome, _, _ = readJSON(wrongKey, c.cookie, token)
		}
		check("refuses-wrong-key-"+c.name, outcome == "bad-signature", outcome)
		stale := c.cfg
		stale.Now = T0 + thirtyDays + 1
		if c.cfg.Serializer != "json" {
			outcome, _, _ = readSession(stale, c.cookie, token)
			check("expires-after-30-days-"+c.name, outcome == "expired", outcome)
		}
	}
	// The cookie name is in the MAC: a cookie moved to another name is refused.
	moved := cases[0]
	var answer map[string]string
	_ = json.Unmarshal([]byte(lines[0]), &answer)
	outcome, _, _ := readSession(moved.cfg, "app", answer["token"])
	check("refuses-other-cookie-name", outcome == "bad-signature", outcome)

	cliChecks(knox)
	fmt.Printf("gorilla reverse interop: %d checks, %d failures\n", checks, failures)
	if failures > 0 {
		return 1
	}
	return 0
}

func run(knox string, args ...string) (string, string, int) {
	cmd := exec.Command(knox, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if e, ok := err.(*exec.ExitError); ok {
		code = e.ExitCode()
	} else if err != nil {
		code = -1
	}
	return stdout.String(), stderr.String(), code
}

func parsed(text string) map[string]interface{} {
	var m map[string]interface{}
	_ = json.Unmarshal([]byte(text), &m)
	return m
}

// cliChecks: the knox CLI on cookies gorilla/sessions wrote.
func cliChecks(knox string) {
	session := `{"user":"alice","n":7}`
	now := strconv.Itoa(T0 + 10)
	rotated, _ := signed("cli-rotation", config{Secrets: []string{"old hash key"}, Digest: "sha256"}, "session", session)
	o, _, code := run(knox, "token", "verify", "--format", "gorilla", "--secret", "new hash key", "--secret",
		"old hash key", "--cookie-name", "session", "--now", now, "--json", rotated)
	res := parsed(o)
	check("cli-verify-rotation", code == 0 && res["ok"] == true && res["key_index"] == 1.0 &&
		reflect.DeepEqual(res["value"], map[string]interface{}{"user": "alice", "n": 7.0}) &&
		res["timestamp"] == float64(T0), o)
	o, _, code = run(knox, "token", "verify", "--format", "gorilla", "--secret", "old hash key", "--cookie-name",
		"other", "--now", now, "--json", rotated)
	check("cli-verify-other-cookie", code == 1 && parsed(o)["error"] == "bad-signature", o)
	o, _, code = run(knox, "token", "verify", "--format", "gorilla", "--secret", "old hash key", "--cookie-name",
		"session", "--json", rotated)
	check("cli-verify-expired-by-default", code == 1 && parsed(o)["error"] == "expired", o)
	o, _, code = run(knox, "token", "verify", "--format", "gorilla", "--secret", "old hash key", "--cookie-name",
		"session", "--max-age", "0", "--json", rotated)
	check("cli-verify-max-age-0", code == 0, o)

	encrypted, _ := signed("cli-encrypted", config{Secrets: []string{"h1", "h2"}, BlockKeys: []string{block16, block32},
		Digest: "sha256"}, "session", session)
	o, _, code = run(knox, "token", "verify", "--format", "gorilla", "--secret", "h1", "--block-key", block16,
		"--secret", "h2", "--block-key", block32, "--cookie-name", "session", "--now", now, "--json", encrypted)
	res = parsed(o)
	check("cli-verify-block-key", code == 0 && res["key_index"] == 0.0 && reflect.DeepEqual(res["value"],
		map[string]interface{}{"user": "alice", "n": 7.0}), o)
	o, _, code = run(knox, "token", "decode", "--json", encrypted)
	res = parsed(o)
	check("cli-decode-encrypted", code == 0 && res["format"] == "gorilla" && res["encrypted"] == true &&
		res["timestamp"] == float64(T0), o)
	o, _, code = run(knox, "token", "decode", "--json", rotated)
	res = parsed(o)
	check("cli-decode", code == 0 && res["format"] == "gorilla" && reflect.DeepEqual(res["payload"],
		map[string]interface{}{"user": "alice", "n": 7.0}), o)

	dir, err := os.MkdirTemp("", "gorilla-interop")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	words := filepath.Join(dir, "words.txt")
	_ = os.WriteFile(words, []byte("password\nsecret\nold hash key\nh1\nletmein\n"), 0o600)
	o, _, code = run(knox, "crack", "--format", "gorilla", "--cookie-name", "session", rotated, "--wordlist", words,
		"--json", "--threads", "1")
	res = parsed(o)
	check("cli-crack", code == 0 && res["found"] == true && res["secret_length"] == 12.0 &&
		res["resigned_identical"] == true, o)
	o, _, code = run(knox, "crack", "--cookie-name", "session", rotated, "--wordlist", words, "--json",
		"--threads", "1")
	res = parsed(o)
	check("cli-crack-detects-format", code == 0 && res["format"] == "gorilla", o)
	_, e, code := run(knox, "crack", "--format", "gorilla", rotated, "--wordlist", words)
	check("cli-crack-needs-cookie-name", code == 2 && strings.Contains(e, "--cookie-name"), e)
	_, e, code = run(knox, "crack", rotated, "--wordlist", words)
	check("cli-crack-detected-needs-cookie-name", code == 2 && strings.Contains(e, "--cookie-name"), e)
	o, _, code = run(knox, "crack", "--format", "gorilla", "--cookie-name", "session", encrypted, "--wordlist",
		words, "--json", "--threads", "1")
	res = parsed(o)
	check("cli-crack-encrypted-hash-key", code == 0 && res["found"] == true && res["secret_length"] == 2.0, o)
	sha512Cookie, _ := signed("cli-sha512", config{Secrets: []string{"secret"}, Digest: "sha512"}, "session", session)
	o, _, code = run(knox, "crack", "--format", "gorilla", "--cookie-name", "session", sha512Cookie, "--wordlist",
		words, "--json", "--threads", "1")
	res = parsed(o)
	check("cli-crack-sha512-without-digest", code == 0 && res["found"] == true && res["secret_length"] == 6.0, o)

	o, _, code = run(knox, "crack", "--format", "gorilla", "--cookie-name", "session", rotated, "--hashcat", "--json")
	res = parsed(o)
	outer, _ := base64.URLEncoding.DecodeString(rotated)
	parts := bytes.SplitN(outer, []byte("|"), 3)
	want := hex.EncodeToString(parts[2]) + ":session|" + string(parts[0]) + "|" + string(parts[1])
	check("cli-hashcat-line", code == 0 && res["mode"] == 1450.0 && res["hash"] == want, o)
}
