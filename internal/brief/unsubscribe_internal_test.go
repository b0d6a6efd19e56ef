package brief

import (
	"strings"
	"testing"
)

// FuzzUnsubscribeToken: whatever comes as a token, reading it never
// panics, and only the token made for a user and municipality reads back
// to them.
func FuzzUnsubscribeToken(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	f.Add(unsubscribeToken(key, 42, "2023"))
	f.Add("42.2023.")
	f.Add("..")
	f.Add("-1.2023.AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("9223372036854775808.2023.x")
	f.Fuzz(func(t *testing.T, token string) {
		userID, code, ok := parseUnsubscribeToken(key, token)
		if !ok {
			return
		}
		if userID <= 0 || len(code) != 4 || unsubscribeToken(key, userID, code) != token {
			t.Errorf("parseUnsubscribeToken(%q) = %d, %q, true; the token for them is %q", token, userID, code,
				unsubscribeToken(key, userID, code))
		}
	})
}

func TestUnsubscribeTokenKey(t *testing.T) {
	a, b := []byte(strings.Repeat("a", 32)), []byte(strings.Repeat("b", 32))
	token := unsubscribeToken(a, 7, "2062")
	if _, _, ok := parseUnsubscribeToken(b, token); ok {
		t.Errorf("a token made with one key reads with another")
	}
	if id, code, ok := parseUnsubscribeToken(a, token); !ok || id != 7 || code != "2062" {
		t.Errorf("parseUnsubscribeToken(%q) = %d, %q, %v; want 7, 2062, true", token, id, code, ok)
	}
	if n := len(strings.Split(token, ".")[2]); n != 22 {
		t.Errorf("signature of %d characters, want 22 (128 bits)", n)
	}
}
