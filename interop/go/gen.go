package main

import (
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
)

// vector is one line of interop/vectors/gorilla.jsonl.
//
// format "gorilla", op "sign": gorilla/sessions' CookieStore (securecookie.EncodeMulti for the
// JSON serializer) wrote `token` for `value` at `timestamp` (and, with a block key, IV `iv`):
// knox must write the same bytes. op "verify": how CookieStore.New (securecookie.DecodeMulti into
// an interface{} for the JSON serializer) read `token`, sent as the cookie's value in a Cookie
// header, at `now`: `outcome`, the values shown as knox shows them (`value`), `key_index`.
// `knox_outcome` is knox's documented answer where it differs (docs/formats.md).
//
// format "go-gob": a gob stream (`hex`) and how Go's gob.Decoder read it (`outcome`; the value as
// knox shows it in `value`); `session` says whether a CookieStore reads it (the root is a
// map[interface {}]interface {}).
type vector struct {
	Format      string   `json:"format"`
	Name        string   `json:"name"`
	Op          string   `json:"op,omitempty"`
	Secrets     []string `json:"secrets,omitempty"`
	BlockKeys   []string `json:"block_keys,omitempty"`
	Digest      string   `json:"digest,omitempty"`
	CookieName  string   `json:"cookie_name,omitempty"`
	Serializer  string   `json:"serializer,omitempty"`
	MaxAge      *int64   `json:"max_age,omitempty"`
	Timestamp   int64    `json:"timestamp,omitempty"`
	Now         int64    `json:"now,omitempty"`
	IV          string   `json:"iv,omitempty"`
	Hex         string   `json:"hex,omitempty"`
	Session     *bool    `json:"session,omitempty"`
	Token       string   `json:"token,omitempty"`
	Outcome     string   `json:"outcome,omitempty"`
	KnoxOutcome string   `json:"knox_outcome,omitempty"`
	Value       string   `json:"value,omitempty"`
	KeyIndex    *int     `json:"key_index,omitempty"`
}

const (
	hashKey    = "very-secret-hash-key"
	oldKey     = "an older hash key"
	block16    = "0123456789abcdef"
	block24    = "0123456789abcdef01234567"
	block32    = "0123456789abcdef0123456789abcdef"
	thirtyDays = 86400 * 30
)

func i64(v int64) *int64 { return &v }
func intp(v int) *int    { return &v }
func boolp(v bool) *bool { return &v }

// signed: the cookie CookieStore.Save writes for the JSON object `value` (or, with the JSON
// serializer, securecookie.EncodeMulti of json.Unmarshal's value).
func signed(name string, c config, cookie, value string) (string, string) {
	seedRandom(name)
	c.Now = T0
	if c.Serializer == "json" {
		var v interface{}
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			panic(err)
		}
		token, err := securecookie.EncodeMulti(cookie, v, c.codecs()...)
		if err != nil {
			panic(fmt.Sprint(name, ": ", err))
		}
		return token, ivOf(token, c)
	}
	values, order, err := sessionFromJSON(value)
	if err != nil {
		panic(err)
	}
	c.Order = order
	store := c.store()
	r := httptest.NewRequest("GET", "http://example.test/", nil)
	s, _ := store.New(r, cookie)
	for _, k := range order {
		s.Values[k] = values[k]
	}
	w := httptest.NewRecorder()
	if err := store.Save(r, w, s); err != nil {
		panic(fmt.Sprint(name, ": ", err))
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		panic("one Set-Cookie expected")
	}
	return cookies[0].Value, ivOf(cookies[0].Value, c)
}

func ivOf(token string, c config) string {
	if len(c.BlockKeys) == 0 {
		return ""
	}
	outer, _ := base64.URLEncoding.DecodeString(token)
	parts := bytes.SplitN(outer, []byte("|"), 3)
	value, _ := base64.URLEncoding.DecodeString(string(parts[1]))
	return hex.EncodeToString(value[:16])
}

// verify: how the real library reads `token` (as the cookie's value in the Cookie header).
func verify(name string, c config, cookie, token string) vector {
	v := vector{Format: "gorilla", Name: name, Op: "verify", Secrets: c.Secrets,
		BlockKeys: c.BlockKeys, Digest: c.Digest, CookieName: cookie, Serializer: c.Serializer,
		MaxAge: c.MaxAge, Now: c.Now, Token: token}
	if c.Serializer == "json" {
		outcome, value, index := readJSON(c, cookie, token)
		v.Outcome = outcome
		if outcome == "ok" {
			b, _ := json.Marshal(value)
			v.Value = string(b)
			v.KeyIndex = intp(index)
		}
		return v
	}
	outcome, values, index := readSession(c, cookie, token)
	v.Outcome = outcome
	if outcome == "ok" {
		v.Value = renderSession(values)
		v.KeyIndex = intp(index)
	}
	return v
}

// nop: a cookie whose serialized bytes are `raw` (securecookie's NopEncoder), MAC'd at T0.
func nop(c config, cookie string, raw []byte) string {
	c.Now = T0
	codecs := c.codecs()
	for _, codec := range codecs {
		codec.(*securecookie.SecureCookie).SetSerializer(securecookie.NopEncoder{})
	}
	token, err := securecookie.EncodeMulti(cookie, raw, codecs...)
	if err != nil {
		panic(err)
	}
	return token
}

func flipLastBits(token string) string {
	// The last character before the padding carries unused bits: set one (Go ignores them).
	i := strings.IndexByte(token, '=')
	if i < 0 {
		return token
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	c := strings.IndexByte(alphabet, token[i-1])
	return token[:i-1] + string(alphabet[c|1]) + token[i:]
}

func tamper(token string, at int) string {
	b := []byte(token)
	if b[at] == 'A' {
		b[at] = 'B'
	} else {
		b[at] = 'A'
	}
	return string(b)
}

func gorillaVectors() []vector {
	var out []vector
	base := config{Secrets: []string{hashKey}, Digest: "sha256"}
	sign := func(name string, c config, cookie, value string) string {
		token, iv := signed(name, c, cookie, value)
		out = append(out, vector{Format: "gorilla", Name: name, Op: "sign", Secrets: c.Secrets,
			BlockKeys: c.BlockKeys, Digest: c.Digest, CookieName: cookie, Serializer: c.Serializer,
			Timestamp: T0, IV: iv, Value: value, Token: token})
		c.Now = T0 + 60
		out = append(out, verify(name+"-read", c, cookie, token))
		return token
	}
	with := func(c config, f func(*config)) config { f(&c); return c }

	simple := sign("sign-simple", base, "session", `{"user":"alice"}`)
	typed := sign("sign-value-types", base, "session",
		`{"user_id":42,"admin":true,"ratio":1.5,"neg":-7,"zero":0,"none":null,"f":100.0,"big":9007199254740993}`)
	sign("sign-flashes", base, "session", `{"_flash":["Welcome!",2,true,null,[1,"x",2.5]],"csrf":"tok"}`)
	sign("sign-text", base, "prefs", `{"name":"Zoë 日本","html":"<a href='x'>&amp;</a>","empty":"","ctl":"a\u0000b\n\t"}`)
	sign("sign-empty-session", base, "session", `{}`)
	sign("sign-long-string", base, "session", `{"blob":"`+strings.Repeat("0123456789", 40)+`"}`)
	sign("sign-numbers", base, "session",
		`{"small":1e-7,"large":1e21,"exact":0.1,"min":-9223372036854775808,"max":9223372036854775807,"negzero":-0.0}`)
	sha512Token := sign("sign-sha512", with(base, func(c *config) { c.Digest = "sha512" }), "session", `{"user":"bob"}`)
	sign("sign-sha1", with(base, func(c *config) { c.Digest = "sha1" }), "session", `{"user":"carol"}`)
	sign("sign-sha384", with(base, func(c *config) { c.Digest = "sha384" }), "session", `{"user":"dave"}`)
	enc16 := sign("sign-aes128", with(base, func(c *config) { c.BlockKeys = []string{block16} }), "session", `{"user":"erin","n":1}`)
	sign("sign-aes192", with(base, func(c *config) { c.BlockKeys = []string{block24} }), "session", `{"user":"frank"}`)
	enc32 := sign("sign-aes256", with(base, func(c *config) { c.BlockKeys = []string{block32} }), "session",
		`{"user":"grace","_flash":["hi"]}`)
	jsonBase := with(base, func(c *config) { c.Serializer = "json" })
	jsonToken := sign("sign-json-object", jsonBase, "remember",
		`{"b":[1,2.5,"<&>"],"a":{"nested":true,"n":null},"u":"\u2028é","z":1e21}`)
	sign("sign-json-string", jsonBase, "remember", `"just text"`)
	sign("sign-json-number", jsonBase, "remember", `42`)
	sign("sign-json-aes256", with(jsonBase, func(c *config) { c.BlockKeys = []string{block32} }), "remember",
		`{"id":7}`)

	// Reading: rotation, names, time, tampering.
	old := sign("sign-old-key", with(base, func(c *config) { c.Secrets = []string{oldKey} }), "session", `{"user":"old"}`)
	rotation := with(base, func(c *config) { c.Secrets = []string{hashKey, oldKey}; c.Now = T0 + 10 })
	out = append(out, verify("rotation-old-secret", rotation, "session", old))
	out = append(out, verify("rotation-new-secret", rotation, "session", simple))
	out = append(out, verify("rotation-neither", with(rotation, func(c *config) { c.Secrets = []string{"x", "y"} }), "session", old))
	encRotation := with(base, func(c *config) {
		c.Secrets = []string{"newest", hashKey}
		c.BlockKeys = []string{block32, block16}
		c.Now = T0
	})
	out = append(out, verify("rotation-block-keys", encRotation, "session", enc16))
	sameHash := with(base, func(c *config) {
		c.Secrets = []string{hashKey, hashKey}
		c.BlockKeys = []string{block24, block32}
		c.Now = T0
	})
	out = append(out, verify("rotation-same-hash-key-second-block-key", sameHash, "session", enc32))
	now := func(t int64) config { return with(base, func(c *config) { c.Now = t }) }
	out = append(out, verify("other-cookie-name", now(T0), "user", simple))
	out = append(out, verify("wrong-key", with(now(T0), func(c *config) { c.Secrets = []string{"wrong"} }), "session", simple))
	out = append(out, verify("age-at-max", now(T0+thirtyDays), "session", simple))
	out = append(out, verify("age-past-max", now(T0+thirtyDays+1), "session", simple))
	out = append(out, verify("future-timestamp", now(T0-3600), "session", simple))
	out = append(out, verify("max-age-60-expired", with(now(T0+61), func(c *config) { c.MaxAge = i64(60) }), "session", simple))
	out = append(out, verify("max-age-60-fresh", with(now(T0+60), func(c *config) { c.MaxAge = i64(60) }), "session", simple))
	out = append(out, verify("max-age-0-no-limit", with(now(T0+10*thirtyDays), func(c *config) { c.MaxAge = i64(0) }), "session", simple))
	out = append(out, verify("max-age-negative", with(now(T0), func(c *config) { c.MaxAge = i64(-1) }), "session", simple))
	out = append(out, verify("sha512-read-as-sha256", now(T0), "session", sha512Token))
	out = append(out, verify("tampered-date", now(T0), "session", tamper(simple, 3)))
	out = append(out, verify("tampered-mac", now(T0), "session", tamper(simple, len(simple)-6)))
	out = append(out, verify("tampered-value", now(T0), "session", tamper(typed, 30)))
	out = append(out, verify("not-base64", now(T0), "session", simple[:len(simple)-1]+"!"))
	out = append(out, verify("unpadded", now(T0), "session", strings.TrimRight(simple, "=")))
	out = append(out, verify("trailing-bits", now(T0), "session", flipLastBits(simple)))
	out = append(out, verify("quoted", now(T0), "session", `"`+simple+`"`))
	out = append(out, verify("attribute-tail", now(T0), "session", simple+"; other=1"))
	out = append(out, verify("leading-space", now(T0), "session", " "+simple))
	out = append(out, verify("too-long", now(T0), "session", strings.Repeat("A", 4100)))
	out = append(out, verify("wrong-block-key", with(now(T0), func(c *config) { c.BlockKeys = []string{block16[:15] + "X"} }), "session", enc16))
	out = append(out, verify("json-read-back", with(jsonBase, func(c *config) { c.Now = T0 }), "remember", jsonToken))

	// Cookies whose serialized bytes are crafted (NopEncoder), read by the gob CookieStore.
	crafted := func(name string, raw []byte, knox string) {
		token := nop(base, "session", raw)
		v := verify(name, now(T0), "session", token)
		v.KnoxOutcome = knox
		out = append(out, v)
	}
	session := func(kv ...interface{}) []byte {
		m := map[interface{}]interface{}{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return stableGob(m)
	}
	one := session("k", "v")
	crafted("gob-trailing-bytes", append(append([]byte{}, one...), 1, 2, 3), "")
	crafted("gob-truncated", one[:len(one)-1], "ok") // not gob: knox shows the bytes (no block key)
	crafted("gob-int16-out-of-range", patchName(session("k", int64(70000)), "int64", "int16"), "")
	crafted("gob-uint8-holding-int", patchName(session("k", int64(5)), "int64", "uint8"), "")
	crafted("gob-unregistered-name", patchName(session("k", "v"), "string", "main.X"), "ok")
	crafted("gob-not-a-session-map", gobBytes(map[string]string{"k": "v"}), "ok")
	crafted("json-in-a-gob-store", []byte(`{"k":"v"}`), "ok")

	// Values a gorilla app registers and stores, read back.
	appValues := func(name string, kv ...interface{}) {
		token := nop(base, "session", session(kv...))
		out = append(out, verify(name, now(T0), "session", token))
	}
	appValues("app-types", "i64", int64(-5), "u8", uint8(200), "f32", float32(1.5), "b", []byte("bytes\x00"),
		"c", complex(1, -2), "tags", []string{"a", "b"}, "ints", []int{1, -2})
	appValues("app-struct", "p", P{Name: "Ann", Age: 33, Tags: []string{"x"}, Ratio: 0.25}, "item", &Item{ID: 7, Label: "seven"})
	appValues("app-time", "when", time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC))
	appValues("app-int-keys", 1, "one", 2, []interface{}{"two"})
	appValues("app-special-floats", "nan", math.NaN(), "inf", math.Inf(1), "ninf", math.Inf(-1))
	return out
}

func gobBytes(v interface{}) []byte {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// stableGob: Go's encoding of `v` with its maps in one fixed order — of the orders Go's
// randomised map iteration gives, the encoding that sorts first (a map of up to eight entries has
// at most eight orders; two hundred tries meet them all).
func stableGob(v interface{}) []byte {
	var best []byte
	for try := 0; try < 200; try++ {
		b := gobBytes(v)
		if best == nil || bytes.Compare(b, best) < 0 {
			best = b
		}
	}
	return best
}

// patchName replaces the first registered name `from` with `to` (of the same length).
func patchName(b []byte, from, to string) []byte {
	if len(from) != len(to) {
		panic("patchName: lengths differ")
	}
	return bytes.Replace(b, []byte(from), []byte(to), 1)
}

func init() {
	gob.Register(time.Time{})
	gob.Register([]string{})
}

func gen(args []string) int {
	var lines []string
	for _, v := range append(gorillaVectors(), gobVectors()...) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		lines = append(lines, string(b))
	}
	text := strings.Join(lines, "\n") + "\n"
	if len(args) == 2 && args[0] == "--check" {
		old, err := os.ReadFile(args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if string(old) != text {
			fmt.Fprintln(os.Stderr, args[1]+" differs from what gorilla/securecookie and gob write "+
				"today (regenerate: interop/go/check.sh gen)")
			oldLines := strings.Split(string(old), "\n")
			for i, l := range lines {
				if i >= len(oldLines) || oldLines[i] != l {
					fmt.Fprintf(os.Stderr, "first difference at line %d:\n  have %s\n  want %s\n", i+1,
						at(oldLines, i), l)
					break
				}
			}
			return 1
		}
		fmt.Printf("%s: %d vectors as the libraries write them\n", args[1], len(lines))
		return 0
	}
	if len(args) != 0 {
		fmt.Fprintln(os.Stderr, "usage: gorilla_interop gen [--check FILE]")
		return 2
	}
	fmt.Print(text)
	return 0
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}
