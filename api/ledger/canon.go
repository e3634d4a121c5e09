package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"
)

// canonVersion opens every canonical encoding; a future encoding changes it.
const canonVersion = "huishou-ledger/1"

// timeLayout is the canonical time: UTC, exactly six fractional digits.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Canonical returns the canonical encoding of e that its hash covers: a
// JSON object without whitespace whose keys come in this fixed order
//
//	v, site, seq, prev, id, client_id, type, time, county, actor,
//	items[{category, count, kg, origin, producer}],
//	booking{id, kind, booked_at, earliest, latest, tw_end},
//	subsidy, direction, peer, transfer, receipt, licensed, corrects,
//	note, simulated
//
// with v = "huishou-ledger/1"; hash is left out. Every key is always
// present (empty strings, 0, false, [] and null included), so no field can
// be moved or dropped unseen. Strings are JSON strings escaping only '"',
// '\' and the control characters below U+0020 (as \u00XX); integers are
// decimal; kg is Go's shortest round-trip decimal (strconv 'f', -1) of the
// value rounded to grams; times are UTC with exactly six fractional digits
// (2025-06-18T01:30:00.000000Z).
func Canonical(e *Event) []byte {
	b := make([]byte, 0, 512)
	b = append(b, `{"v":`...)
	b = appendString(b, canonVersion)
	b = appendKey(b, "site")
	b = appendString(b, e.Site)
	b = appendKey(b, "seq")
	b = strconv.AppendInt(b, e.Seq, 10)
	b = appendKey(b, "prev")
	b = appendString(b, e.Prev)
	b = appendKey(b, "id")
	b = appendString(b, e.ID)
	b = appendKey(b, "client_id")
	b = appendString(b, e.ClientID)
	b = appendKey(b, "type")
	b = appendString(b, string(e.Type))
	b = appendKey(b, "time")
	b = appendTime(b, e.Time)
	b = appendKey(b, "county")
	b = appendString(b, e.County)
	b = appendKey(b, "actor")
	b = appendString(b, e.Actor)
	b = appendKey(b, "items")
	b = append(b, '[')
	for i, it := range e.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"category":`...)
		b = appendString(b, it.Category)
		b = appendKey(b, "count")
		b = strconv.AppendInt(b, int64(it.Count), 10)
		b = appendKey(b, "kg")
		b = strconv.AppendFloat(b, it.Kg, 'f', -1, 64)
		b = appendKey(b, "origin")
		b = appendString(b, it.Origin)
		b = appendKey(b, "producer")
		b = appendString(b, it.Producer)
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendKey(b, "booking")
	if bk := e.Booking; bk == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"id":`...)
		b = appendString(b, bk.ID)
		b = appendKey(b, "kind")
		b = appendString(b, bk.Kind)
		b = appendKey(b, "booked_at")
		b = appendTime(b, bk.BookedAt)
		b = appendKey(b, "earliest")
		b = appendString(b, bk.Earliest)
		b = appendKey(b, "latest")
		b = appendString(b, bk.Latest)
		b = appendKey(b, "tw_end")
		b = appendString(b, bk.TWEnd)
		b = append(b, '}')
	}
	b = appendKey(b, "subsidy")
	b = appendString(b, e.Subsidy)
	b = appendKey(b, "direction")
	b = appendString(b, e.Direction)
	b = appendKey(b, "peer")
	b = appendString(b, e.Peer)
	b = appendKey(b, "transfer")
	b = appendString(b, e.Transfer)
	b = appendKey(b, "receipt")
	b = appendString(b, e.Receipt)
	b = appendKey(b, "licensed")
	b = strconv.AppendBool(b, e.Licensed)
	b = appendKey(b, "corrects")
	b = appendString(b, e.Corrects)
	b = appendKey(b, "note")
	b = appendString(b, e.Note)
	b = appendKey(b, "simulated")
	b = strconv.AppendBool(b, e.Simulated)
	return append(b, '}')
}

// HashOf returns the hex SHA-256 of e's canonical encoding: the value that
// e.Hash must hold.
func HashOf(e *Event) string {
	s := sha256.Sum256(Canonical(e))
	return hex.EncodeToString(s[:])
}

func appendKey(b []byte, k string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, timeLayout)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Invalid UTF-8 is written byte
// for byte (validation rejects it before an event is stored).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// validText reports whether s is valid UTF-8 without control characters
// other than tab.
func validText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}
