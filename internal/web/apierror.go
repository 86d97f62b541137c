package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/sitrep/sitrep/internal/store"
)

// apiError is the one shape every API error takes:
// {"error":{"code":"not_found","message":"…"}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiError{apiErrorBody{Code: code, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // a JSON body opened as a page cannot run markup
	enc.Encode(v)
}

// badRequest is an error in what the client asked for (HTTP 400).
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badf(msg string) error { return badRequest{msg} }

// unavailable is a feature the store or this process does not have (501).
type unavailable struct{ msg string }

func (e unavailable) Error() string { return e.msg }

// apiFail maps an error to its status and error object.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var br badRequest
	var un unavailable
	switch {
	case errors.As(err, &br):
		writeError(w, http.StatusBadRequest, "bad_request", br.msg)
	case errors.Is(err, store.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "bad_cursor", "the cursor is not one this server handed out for this list; start again without it")
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", err.Error())
	case errors.As(err, &un):
		writeError(w, http.StatusNotImplemented, "not_implemented", un.msg)
	case r.Context().Err() != nil:
		writeError(w, http.StatusServiceUnavailable, "cancelled", "the request was cancelled")
	default:
		s.log.Error("api request failed", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "the server failed to answer this request")
	}
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isBadCursor(err error) bool { return errors.Is(err, store.ErrBadCursor) }
