package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
)

// cookieClient is a browser-like client that keeps cookies.
type cookieClient struct {
	t *testing.T
	c *http.Client
}

func (c *cookieClient) client() *http.Client {
	if c.c == nil {
		jar, _ := cookiejar.New(nil)
		c.c = &http.Client{Jar: jar}
	}
	return c.c
}

func (c *cookieClient) post(u string, form url.Values) *http.Response {
	c.t.Helper()
	resp, err := c.client().PostForm(u, form)
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
