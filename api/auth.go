package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/store"
)

// API keys look like "hs_<id>_<secret>": the id (12 hex digits) finds the
// stored key, the secret (32 random bytes, base64url) is checked against
// its SHA-256 in constant time. Only the hash is stored.
const keyPrefix = "hs_"

// NewKey makes a new API key with role: the secret to give its holder
// (shown once) and the record to store.
func NewKey(role store.Role, name string) (string, store.Key, error) {
	if !role.Valid() {
		return "", store.Key{}, fmt.Errorf("api: role %q: want admin, planner, dispatcher or viewer", role)
	}
	var id [6]byte
	var secret [32]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", store.Key{}, err
	}
	if _, err := rand.Read(secret[:]); err != nil {
		return "", store.Key{}, err
	}
	s := base64.RawURLEncoding.EncodeToString(secret[:])
	h := sha256.Sum256([]byte(s))
	k := store.Key{ID: hex.EncodeToString(id[:]), Name: name, Role: role, Hash: h[:], CreatedAt: time.Now().UTC()}
	return keyPrefix + k.ID + "_" + s, k, nil
}

// KeyFromSecret returns the record of a given secret key (as
// HUISHOU_ADMIN_KEY gives it): a key of the form hs_<id>_<secret> keeps its
// id; any other string of at least 16 bytes gets an id derived from it.
func KeyFromSecret(secret string, role store.Role, name string) (store.Key, error) {
	if len(secret) < 16 {
		return store.Key{}, errors.New("api: a key must have at least 16 characters")
	}
	id, s, ok := splitKey(secret)
	if !ok {
		h := sha256.Sum256([]byte("huishou key id:" + secret))
		id, s = hex.EncodeToString(h[:6]), secret
	}
	h := sha256.Sum256([]byte(s))
	return store.Key{ID: id, Name: name, Role: role, Hash: h[:], CreatedAt: time.Now().UTC()}, nil
}

// splitKey splits "hs_<id>_<secret>".
func splitKey(k string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(k, keyPrefix)
	if !ok {
		return "", "", false
	}
	id, secret, ok = strings.Cut(rest, "_")
	if !ok || len(id) != 12 || secret == "" {
		return "", "", false
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", "", false
	}
	return id, secret, true
}

// keyCache remembers verified keys for a while, so that a busy server does
// not read the key table on every request. Keys are never changed once
// made; a cached entry only saves a read.
type keyCache struct {
	mu sync.Mutex
	m  map[string]cachedKey
}

type cachedKey struct {
	key     store.Key
	expires time.Time
}

const keyCacheTTL = time.Minute

func (kc *keyCache) get(ctx context.Context, st Store, id string) (store.Key, error) {
	now := time.Now()
	kc.mu.Lock()
	ck, ok := kc.m[id]
	kc.mu.Unlock()
	if ok && now.Before(ck.expires) {
		return ck.key, nil
	}
	k, err := st.GetKey(ctx, id)
	if err != nil {
		return store.Key{}, err
	}
	kc.mu.Lock()
	if kc.m == nil || len(kc.m) > 10000 {
		kc.m = map[string]cachedKey{}
	}
	kc.m[id] = cachedKey{key: k, expires: now.Add(keyCacheTTL)}
	kc.mu.Unlock()
	return k, nil
}

// ctxKeyRole is where authenticate leaves the caller's key.
const ctxKey = "huishou.key"

// authenticate checks the bearer key of every request it guards: a
// missing, malformed or unknown key is 401.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if h == "" {
			return problem(http.StatusUnauthorized, "missing Authorization: Bearer KEY")
		}
		if !ok {
			return problem(http.StatusUnauthorized, "Authorization: want Bearer KEY")
		}
		tok = strings.TrimSpace(tok)
		id, secret, ok := splitKey(tok)
		if !ok {
			// a configured key of another form (HUISHOU_ADMIN_KEY)
			k, err := KeyFromSecret(tok, "", "")
			if err != nil {
				return problem(http.StatusUnauthorized, "unknown API key")
			}
			id, secret = k.ID, tok
		}
		k, err := s.keys.get(c.Request().Context(), s.store, id)
		if errors.Is(err, store.ErrNotFound) {
			return problem(http.StatusUnauthorized, "unknown API key")
		}
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(secret))
		if subtle.ConstantTimeCompare(sum[:], k.Hash) != 1 {
			return problem(http.StatusUnauthorized, "unknown API key")
		}
		c.Set(ctxKey, k)
		return next(c)
	}
}

// allow lets the given roles through (admin always): any other is 403.
func allow(roles ...store.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			k, _ := c.Get(ctxKey).(store.Key)
			if k.Role == store.RoleAdmin || slices.Contains(roles, k.Role) {
				return next(c)
			}
			return problem(http.StatusForbidden, fmt.Sprintf("role %s may not %s %s", k.Role, c.Request().Method, c.Path()))
		}
	}
}

// caller returns the authenticated key of c.
func caller(c echo.Context) store.Key {
	k, _ := c.Get(ctxKey).(store.Key)
	return k
}
