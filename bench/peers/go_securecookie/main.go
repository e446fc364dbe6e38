// gorilla/securecookie in its own language: bench/compare's peer for knox's gorilla rows
// (bench/token_bench.cc). Debian's golang-github-gorilla-securecookie-dev 1.1.1 and Go 1.19,
// built in GOPATH mode, nothing downloaded:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=$(mktemp -d) go build -o peer main.go
//	BENCH_SECRET=... ./peer SECONDS
//
// securecookie.New(hash key, no block key) with its defaults, as gorilla/sessions' CookieStore
// uses it: HMAC-SHA256, the gob serializer, MaxAge 30 days. The value is what a session holds for
// token_bench's payload, a map[interface{}]interface{} {"user_id": "123", "role": "admin"} (the
// sessions' Values); the cookie is named "session"; the hash key is token_bench's key text
// (BENCH_SECRET). sign is Encode, verify is Decode into a fresh map. The cookie value needs no
// escaping (securecookie writes base64url), so neither side adds any.
// Prints a JSON list of rows {"operation", "peer", "rate" (calls per second of process CPU time),
// "token" (sign rows)}.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"

	"github.com/gorilla/securecookie"
)

type row struct {
	Operation string  `json:"operation"`
	Peer      string  `json:"peer"`
	Rate      float64 `json:"rate"`
	Token     string  `json:"token,omitempty"`
}

// cpuSeconds is this process's CPU time (user + system, every thread: the garbage collector's
// work is part of the library's cost).
func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return float64(u.Utime.Sec+u.Stime.Sec) + float64(u.Utime.Usec+u.Stime.Usec)/1e6
}

func callsPerSecond(seconds float64, fn func()) float64 {
	n := 0
	start := cpuSeconds()
	for {
		for i := 0; i < 200; i++ {
			fn()
		}
		n += 200
		if elapsed := cpuSeconds() - start; elapsed >= seconds {
			return float64(n) / elapsed
		}
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: BENCH_SECRET=KEY peer SECONDS")
		os.Exit(2)
	}
	seconds, err := strconv.ParseFloat(os.Args[1], 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "SECONDS is not a number")
		os.Exit(2)
	}
	codec := securecookie.New([]byte(os.Getenv("BENCH_SECRET")), nil)
	values := map[interface{}]interface{}{"user_id": "123", "role": "admin"}
	token, err := codec.Encode("session", values)
	if err != nil {
		fmt.Fprintln(os.Stderr, "securecookie: encode failed:", err)
		os.Exit(1)
	}
	back := map[interface{}]interface{}{}
	if err := codec.Decode("session", token, &back); err != nil || back["role"] != "admin" {
		fmt.Fprintln(os.Stderr, "securecookie: does not read back its own cookie")
		os.Exit(1)
	}
	peer := "gorilla/securecookie 1.1.1 (Go " + runtime.Version()[2:] + ")"
	sign := callsPerSecond(seconds, func() {
		if _, err := codec.Encode("session", values); err != nil {
			panic(err)
		}
	})
	verify := callsPerSecond(seconds, func() {
		out := map[interface{}]interface{}{}
		if err := codec.Decode("session", token, &out); err != nil {
			panic(err)
		}
	})
	rows := []row{
		{Operation: "sign/gorilla", Peer: peer, Rate: sign, Token: token},
		{Operation: "verify/gorilla", Peer: peer, Rate: verify},
	}
	if err := json.NewEncoder(os.Stdout).Encode(rows); err != nil {
		os.Exit(1)
	}
}
