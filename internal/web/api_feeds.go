package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// feedJSON is a feed as the API shows it.
type feedJSON struct {
	ID         int64      `json:"id"`
	URL        string     `json:"url"`
	Title      string     `json:"title"`
	Interval   string     `json:"interval"`
	LastFetch  *time.Time `json:"last_fetch,omitempty"`
	NextFetch  time.Time  `json:"next_fetch"`
	LastError  string     `json:"last_error,omitempty"`
	ErrorCount int        `json:"error_count"`
	Articles   int        `json:"articles"`
	Created    time.Time  `json:"created"`
}

func toFeedJSON(f store.Feed) feedJSON {
	return feedJSON{ID: f.ID, URL: f.URL, Title: f.Title, Interval: f.Interval.String(), LastFetch: f.LastFetch,
		NextFetch: f.NextFetch, LastError: f.LastError, ErrorCount: f.ErrorCount, Articles: f.Articles, Created: f.Created}
}

func (s *Server) needFeeds() error {
	if s.feeds == nil {
		return unavailable{"this store keeps no feeds"}
	}
	return nil
}

func (s *Server) apiFeeds(w http.ResponseWriter, r *http.Request) {
	if err := firstErr(newParams(r.URL.Query()).err, s.needFeeds()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	fs, err := s.feeds.Feeds(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]feedJSON, len(fs))
	for i, f := range fs {
		out[i] = toFeedJSON(f)
	}
	writeJSON(w, http.StatusOK, newList(out, ""))
}

// feedRequest is the body of POST /api/v1/feeds.
type feedRequest struct {
	URL      string `json:"url"`
	Interval string `json:"interval,omitempty"` // Go duration, e.g. 30m; default 15m
}

// addFeed checks and subscribes; added is false when already subscribed.
func (s *Server) addFeed(ctx context.Context, req feedRequest) (store.Feed, bool, error) {
	if err := s.needFeeds(); err != nil {
		return store.Feed{}, false, err
	}
	u, err := url.Parse(strings.TrimSpace(req.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return store.Feed{}, false, badf(fmt.Sprintf("url %q: want an http or https address of a feed", req.URL))
	}
	iv := 15 * time.Minute
	if req.Interval != "" {
		if iv, err = time.ParseDuration(req.Interval); err != nil || iv < time.Minute || iv > 7*24*time.Hour {
			return store.Feed{}, false, badf(fmt.Sprintf("interval %q: want a duration from 1m to 168h, such as 30m", req.Interval))
		}
	}
	now := s.now().UTC()
	return s.feeds.AddFeed(ctx, store.Feed{URL: u.String(), Interval: iv, NextFetch: now, Created: now})
}

func (s *Server) apiFeedPost(w http.ResponseWriter, r *http.Request) {
	if err := newParams(r.URL.Query()).err; err != nil {
		s.apiFail(w, r, err)
		return
	}
	var req feedRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.apiFail(w, r, badf(`the body must be a JSON object {"url": "…", "interval": "30m"}: `+err.Error()))
		return
	}
	f, added, err := s.addFeed(r.Context(), req)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	writeJSON(w, status, toFeedJSON(f))
}

func (s *Server) apiFeedDelete(w http.ResponseWriter, r *http.Request) {
	if err := firstErr(newParams(r.URL.Query()).err, s.needFeeds()); err != nil {
		s.apiFail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.apiFail(w, r, badf(fmt.Sprintf("feed id %q: want a number", r.PathValue("id"))))
		return
	}
	if err := s.feeds.RemoveFeed(r.Context(), id); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
