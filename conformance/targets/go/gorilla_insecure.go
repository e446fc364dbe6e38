// go-gorilla-insecure: Go's net/http with gorilla/sessions 1.2.1's CookieStore (Debian 12's
// golang-github-gorilla-sessions-dev over golang-github-gorilla-securecookie-dev 1.1.1, Go 1.19),
// the session kept entirely in the cookie (conformance/targets/README.md).
//
// Intended flaws: the hash key is "something-very-secret", the example key of gorilla/sessions'
// own package documentation (doc.go); no block key, so the gob-encoded session values (`user`,
// `role`) are readable by anyone (securecookie only signs them); gorilla's default Options are
// kept as they are: Path=/ and MaxAge 30 days (Max-Age=2592000 and Expires), no Secure, no
// HttpOnly, no SameSite; logout only sets MaxAge -1 and saves (an expiring Set-Cookie), so the old
// cookie, replayed, is still a valid login: nothing is kept on the server.
//
// Built by conformance/targets/go/run.py in GOPATH mode from Debian's packages, nothing
// downloaded. Command line: --host H --port N [--tls-cert F --tls-key F].
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"

	"github.com/gorilla/sessions"
)

const (
	user       = "alice"
	password   = "wonderland"
	cookieName = "session"
)

// The flaw: a documentation example as the hash key, and no block key.
var store = sessions.NewCookieStore([]byte("something-very-secret"))

func reply(w http.ResponseWriter, status int, body interface{}) {
	out, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

// credentials reads username and password from a form or a JSON body.
func credentials(r *http.Request) (string, string) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return "", ""
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var v struct {
			Username string `json:"username"`
			Password string `json:"password"`
		}
		if json.Unmarshal(body, &v) != nil {
			return "", ""
		}
		return v.Username, v.Password
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "", ""
	}
	return form.Get("username"), form.Get("password")
}

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 8000, "port")
	cert := flag.String("tls-cert", "", "PEM certificate: serve https")
	key := flag.String("tls-key", "", "PEM private key of --tls-cert")
	flag.Parse()
	if (*cert == "") != (*key == "") {
		log.Fatal("--tls-cert and --tls-key go together")
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "go-gorilla-insecure: POST /login, GET /me, POST /logout")
	})
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		u, p := credentials(r)
		if u != user || p != password {
			reply(w, http.StatusUnauthorized, map[string]string{"error": "bad credentials"})
			return
		}
		// A cookie that does not decode (bad MAC, expired) gives a new, empty session and an
		// error, which apps usually ignore like this.
		session, _ := store.Get(r, cookieName)
		session.Values["user"] = u
		session.Values["role"] = "admin"
		if err := session.Save(r, w); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		reply(w, http.StatusOK, map[string]interface{}{"ok": true, "user": u})
	})
	mux.HandleFunc("/me", func(w http.ResponseWriter, r *http.Request) {
		session, _ := store.Get(r, cookieName)
		u, ok := session.Values["user"].(string)
		if !ok {
			reply(w, http.StatusUnauthorized, map[string]string{"error": "not logged in"})
			return
		}
		reply(w, http.StatusOK, map[string]interface{}{"user": u, "role": session.Values["role"]})
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// The flaw: the cookie is told to expire, but the signed values stay valid everywhere.
		session, _ := store.Get(r, cookieName)
		session.Options.MaxAge = -1
		if err := session.Save(r, w); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		reply(w, http.StatusOK, map[string]bool{"ok": true})
	})

	addr := net.JoinHostPort(*host, fmt.Sprint(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(os.Stderr, "listening on %s://%s\n", scheme, addr)
	srv := &http.Server{Handler: mux}
	if *cert != "" {
		err = srv.ServeTLS(ln, *cert, *key)
	} else {
		err = srv.Serve(ln)
	}
	log.Fatal(err)
}
