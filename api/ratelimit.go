package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Default per-key rate limit (Config.RateLimit, Config.RateBurst).
const (
	DefaultRateLimit = 50  // requests per second and key
	DefaultRateBurst = 100 // requests at once
)

// rateLimiter holds one token bucket per API key. Buckets unused for
// limiterIdle are dropped when the table grows.
type rateLimiter struct {
	limit rate.Limit
	burst int

	mu sync.Mutex
	m  map[string]*keyBucket
}

type keyBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	limiterIdle = 10 * time.Minute
	limiterMax  = 10000 // buckets before idle ones are dropped
)

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, m: map[string]*keyBucket{}}
}

// take takes one token of key's bucket at now: ok, or how long until one
// is there.
func (rl *rateLimiter) take(key string, now time.Time) (bool, time.Duration) {
	rl.mu.Lock()
	b := rl.m[key]
	if b == nil {
		if len(rl.m) >= limiterMax {
			for k, old := range rl.m {
				if now.Sub(old.seen) > limiterIdle {
					delete(rl.m, k)
				}
			}
		}
		b = &keyBucket{lim: rate.NewLimiter(rl.limit, rl.burst)}
		rl.m[key] = b
	}
	b.seen = now
	rl.mu.Unlock()
	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// rateLimit answers 429 with Retry-After (whole seconds, at least 1) when
// the caller's key has used up its bucket. It runs after authenticate, so
// the limit is per key, never per client address (which X-Forwarded-For
// could forge).
func (s *Server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	if s.limiter == nil {
		return next
	}
	return func(c echo.Context) error {
		k := caller(c)
		ok, wait := s.limiter.take(k.ID, time.Now())
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			if secs < 1 {
				secs = 1
			}
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
			return problem(http.StatusTooManyRequests, fmt.Sprintf("rate limit of %g requests per second (burst %d) for this key exceeded: retry after %d s",
				float64(s.limiter.limit), s.limiter.burst, secs))
		}
		return next(c)
	}
}
