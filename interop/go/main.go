// gorilla_interop: vectors and reverse checks for knox's `gorilla` format and its gob reader,
// made with the real gorilla/securecookie 1.1.1 and gorilla/sessions 1.2.1 (Debian 12's
// golang-github-gorilla-*-dev, Go 1.19's encoding/gob), built offline in GOPATH mode
// (interop/go/check.sh).
//
//	gorilla_interop gen [--check FILE]   write interop/vectors/gorilla.jsonl to stdout, or compare
//	gorilla_interop reverse HELPER KNOX  knox signs (token_interop_sign), gorilla/sessions reads;
//	                                     the knox CLI on cookies gorilla wrote
package main

import (
	"encoding/gob"
	"fmt"
	"os"
)

// P and Item are the app types some vectors store (registered as gorilla apps register theirs).
type P struct {
	Name  string
	Age   int
	Tags  []string
	Ratio float64
}

type Item struct {
	ID    uint16
	Label string
}

func init() {
	gob.Register(P{})
	gob.Register(&Item{})
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gorilla_interop gen [--check FILE] | reverse HELPER KNOX")
		os.Exit(2)
	}
	// A Go process numbers the types it encodes from 65 in the order it meets them: the session
	// map first, []interface {} next, as in a gorilla app whose first cookie holds a flash.
	warmUp()
	switch os.Args[1] {
	case "gen":
		os.Exit(gen(os.Args[2:]))
	case "reverse":
		if len(os.Args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: gorilla_interop reverse HELPER KNOX")
			os.Exit(2)
		}
		os.Exit(reverse(os.Args[2], os.Args[3]))
	default:
		fmt.Fprintln(os.Stderr, "unknown command", os.Args[1])
		os.Exit(2)
	}
}
