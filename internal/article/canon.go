package article

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// trackingParams are query parameters that name a campaign, not a page.
var trackingParams = map[string]bool{"fbclid": true, "gclid": true, "ocid": true, "cmpid": true, "ref": true, "mc_cid": true, "mc_eid": true, "smid": true, "cmp": true, "ito": true}

// CanonicalURL normalises an article URL so that one page reached through
// different links gets one key: lower-case scheme and host, no default port,
// no fragment, no tracking parameters (utm_* and the like), sorted query,
// no trailing slash. It returns "" for anything that is not an http(s) URL.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "HTTP" && u.Scheme != "HTTPS") || u.Host == "" {
		return ""
	}
	u.Scheme = "https" // http and https copies of a page are one page
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		for j, v := range q[k] {
			if i+j > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	u.ForceQuery = false
	if len(u.Path) > 1 {
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawPath = ""
	}
	if u.Path == "/" {
		u.Path = ""
	}
	return u.String()
}

var partialDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// PartialDate accepts an ISO date cut to its precision (2025, 2025-02,
// 2025-02-12) and returns it checked; month and day must exist.
func PartialDate(s string) (string, bool) {
	if !partialDate.MatchString(s) {
		return "", false
	}
	if len(s) >= 7 && (s[5:7] < "01" || s[5:7] > "12") {
		return "", false
	}
	if len(s) == 10 {
		if _, ok := ParseDate(s); !ok {
			return "", false
		}
	}
	return s, true
}
