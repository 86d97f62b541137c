package web

import "net/http"

func (s *Server) alerts(r *http.Request, firing bool) ([]Alert, error) {
	if s.opt.Alerts == nil {
		return nil, nil
	}
	return s.opt.Alerts.Alerts(r.Context(), firing)
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "state")
	state := p.oneOf("state", "firing", "all")
	if p.err != nil {
		s.apiFail(w, r, p.err)
		return
	}
	as, err := s.alerts(r, state != "all")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(as, ""))
}
