// A peer of `knox serve` in bench/serve_compare: the same four routes on Go's net/http with
// gorilla/sessions, the sessions kept server-side in Redis by RediStore (boj/redistore over
// gomodule/redigo): the cookie carries only the session id, signed by securecookie (HMAC-SHA256).
// Built from Debian's packages in GOPATH mode, nothing downloaded:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=$(mktemp -d) go build -o peer main.go
//
// Passwords are PBKDF2-HMAC-SHA256 hashes (golang.org/x/crypto/pbkdf2) with a random salt at
// PEER_PBKDF2_ITERATIONS, compared with crypto/subtle; an unknown user is checked against a dummy
// hash. Login starts a new session (a new id; a session the request carried is destroyed), logout
// destroys the Redis record. A session store that cannot answer gives 503. SESSION_SECRET signs
// the cookie.
//
// Run: SESSION_SECRET=... ./peer -listen 127.0.0.1:8080 -threads 2 -redis 127.0.0.1:6379
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/boj/redistore"
	"github.com/gomodule/redigo/redis"
	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"golang.org/x/crypto/pbkdf2"
)

const (
	cookieName = "session"
	keyPrefix  = "session_"
	maxBody    = 64 << 10
)

type user struct {
	salt, hash []byte
	roles      []string
}

var (
	iterations = 600000
	users      = map[string]user{}
	dummy      user
	store      *redistore.RediStore
)

func hashPassword(password string, salt []byte) []byte {
	return pbkdf2.Key([]byte(password), salt, iterations, 32, sha256.New)
}

func newUser(password string, roles []string) user {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		log.Fatal(err)
	}
	return user{salt: salt, hash: hashPassword(password, salt), roles: roles}
}

func reply(w http.ResponseWriter, status int, body interface{}) {
	out, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	w.Write(out)
}

func errorReply(w http.ResponseWriter, status int, message string) {
	reply(w, status, map[string]string{"error": message})
}

// loadSession is the request's session; ok is false when the store could not answer (the caller
// then answers 503). A cookie that does not verify is no session, not an error.
func loadSession(r *http.Request) (s *sessions.Session, ok bool) {
	s, err := store.Get(r, cookieName)
	if err != nil {
		if e, isCookieError := err.(securecookie.Error); isCookieError && e.IsDecode() {
			return s, true
		}
		return s, false
	}
	return s, true
}

// credentials reads username and password from a form or JSON body; ok is false when the body is
// malformed (a missing, repeated or non-string field, or another content type).
func credentials(w http.ResponseWriter, r *http.Request) (name, password string, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return "", "", false
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil || len(form["username"]) != 1 || len(form["password"]) != 1 {
			return "", "", false
		}
		return form["username"][0], form["password"][0], true
	case "application/json":
		var doc map[string]interface{}
		if json.Unmarshal(body, &doc) != nil {
			return "", "", false
		}
		name, ok1 := doc["username"].(string)
		password, ok2 := doc["password"].(string)
		return name, password, ok1 && ok2
	}
	return "", "", false
}

func methodIs(w http.ResponseWriter, r *http.Request, method string) bool {
	if r.Method == method {
		return true
	}
	w.Header().Set("Allow", method)
	errorReply(w, http.StatusMethodNotAllowed, "method not allowed")
	return false
}

func index(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		errorReply(w, http.StatusNotFound, "not found")
		return
	}
	if !methodIs(w, r, http.MethodGet) {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "peer: POST /login, GET /me, POST /logout\n")
}

func login(w http.ResponseWriter, r *http.Request) {
	if !methodIs(w, r, http.MethodPost) {
		return
	}
	name, password, ok := credentials(w, r)
	if !ok {
		errorReply(w, http.StatusBadRequest, "malformed login body")
		return
	}
	u, known := users[name]
	if !known {
		u = dummy
	}
	if subtle.ConstantTimeCompare(hashPassword(password, u.salt), u.hash) != 1 || !known {
		errorReply(w, http.StatusUnauthorized, "invalid credentials")
		return
	}
	// A new session with a new id; the one the request carried (if any) is destroyed.
	old, available := loadSession(r)
	if !available {
		errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
		return
	}
	if old != nil && !old.IsNew {
		conn := store.Pool.Get()
		_, err := conn.Do("DEL", keyPrefix+old.ID)
		conn.Close()
		if err != nil {
			errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
			return
		}
	}
	s := sessions.NewSession(store, cookieName)
	options := *store.Options
	s.Options = &options
	s.IsNew = true
	s.Values["user"] = name
	s.Values["roles"] = u.roles
	if err := s.Save(r, w); err != nil {
		errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
		return
	}
	reply(w, http.StatusOK, map[string]interface{}{"user": name, "roles": u.roles})
}

func me(w http.ResponseWriter, r *http.Request) {
	if !methodIs(w, r, http.MethodGet) {
		return
	}
	s, available := loadSession(r)
	if !available {
		errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
		return
	}
	name, _ := s.Values["user"].(string)
	if s.IsNew || name == "" {
		errorReply(w, http.StatusUnauthorized, "not logged in")
		return
	}
	roles, _ := s.Values["roles"].([]string)
	reply(w, http.StatusOK, map[string]interface{}{"user": name, "roles": roles})
}

func logout(w http.ResponseWriter, r *http.Request) {
	if !methodIs(w, r, http.MethodPost) {
		return
	}
	s, available := loadSession(r)
	if !available {
		errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
		return
	}
	if s != nil && !s.IsNew {
		s.Options.MaxAge = -1 // RediStore.Save: DEL the record and send the deletion cookie
		if err := s.Save(r, w); err != nil {
			errorReply(w, http.StatusServiceUnavailable, "session store unavailable")
			return
		}
	} else {
		options := *store.Options
		options.MaxAge = -1
		http.SetCookie(w, sessions.NewCookie(cookieName, "", &options))
	}
	reply(w, http.StatusOK, map[string]bool{"logged_out": true})
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on")
	threads := flag.Int("threads", runtime.NumCPU(), "GOMAXPROCS")
	redisAddr := flag.String("redis", "127.0.0.1:6379", "Redis address")
	flag.Parse()
	runtime.GOMAXPROCS(*threads)
	if v := os.Getenv("PEER_PBKDF2_ITERATIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			log.Fatalf("bad PEER_PBKDF2_ITERATIONS %q", v)
		}
		iterations = n
	}
	secret := os.Getenv("SESSION_SECRET")
	if len(secret) < 32 {
		log.Fatal("SESSION_SECRET must be at least 32 characters")
	}

	users["alice"] = newUser("wonderland", []string{"user"})
	random := make([]byte, 16)
	rand.Read(random)
	dummy = newUser(hex.EncodeToString(random), nil)

	// redigo's documented pool set-up: idle connections kept for reuse, checked with PING only
	// when they have been idle for a minute (not on every borrow).
	pool := &redis.Pool{
		MaxIdle:     256,
		IdleTimeout: 240 * time.Second,
		Dial: func() (redis.Conn, error) {
			return redis.Dial("tcp", *redisAddr, redis.DialConnectTimeout(2*time.Second),
				redis.DialReadTimeout(2*time.Second), redis.DialWriteTimeout(2*time.Second))
		},
		TestOnBorrow: func(c redis.Conn, t time.Time) error {
			if time.Since(t) < time.Minute {
				return nil
			}
			_, err := c.Do("PING")
			return err
		},
	}
	var err error
	store, err = redistore.NewRediStoreWithPool(pool, []byte(secret))
	if err != nil {
		log.Fatalf("redis %s: %v", *redisAddr, err)
	}
	store.SetKeyPrefix(keyPrefix)
	store.SetMaxAge(8 * 3600)
	store.Options.HttpOnly = true
	store.Options.Secure = true
	store.Options.SameSite = http.SameSiteLaxMode

	mux := http.NewServeMux()
	mux.HandleFunc("/", index)
	mux.HandleFunc("/login", login)
	mux.HandleFunc("/me", me)
	mux.HandleFunc("/logout", logout)
	server := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}

	stopped := make(chan struct{})
	go func() {
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
		<-signals
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		server.Shutdown(ctx)
		close(stopped)
	}()
	fmt.Fprintf(os.Stderr, "go peer: listening on http://%s (GOMAXPROCS %d)\n", *listen, *threads)
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
	<-stopped
	store.Close()
}
