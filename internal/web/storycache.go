package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/sitrep/sitrep/internal/record"
	"github.com/sitrep/sitrep/internal/store"
)

// storyCacheSize bounds how many encoded stories the cache keeps (two
// generations of half as many each; a story is about 600 bytes encoded,
// so at most some 100 MB with the maps).
const storyCacheSize = 150_000

// storyCache keeps stories as encoding/json writes them, keyed by id and
// the time the story was last saved, so a timeline page of stories seen
// before is written by copying bytes instead of encoding each field
// again. A story saved anew has a new key, so nothing stale is served.
// Two generations bound the memory: when the newer fills, the older is
// dropped and the newer takes its place, so stories in use survive.
type storyCache struct {
	mu       sync.Mutex
	cur, old map[storyKey][]byte
	half     int
}

type storyKey struct {
	id      string
	updated int64
}

func newStoryCache(size int) *storyCache {
	return &storyCache{cur: map[storyKey][]byte{}, old: map[storyKey][]byte{}, half: max(size/2, 1)}
}

// get returns the encoding of the story version k, if the cache holds it.
func (c *storyCache) get(k storyKey) ([]byte, bool) {
	c.mu.Lock()
	b, ok := c.cur[k]
	if !ok {
		if b, ok = c.old[k]; ok {
			c.put(k, b)
		}
	}
	c.mu.Unlock()
	return b, ok
}

// encoded returns s as JSON, from the cache when it is there.
func (c *storyCache) encoded(s *record.Story) ([]byte, error) {
	k := storyKey{s.ID, s.UpdatedAt.UnixNano()}
	if b, ok := c.get(k); ok {
		return b, nil
	}
	b, err := json.Marshal(s) // escapes <, > and & as writeJSON does
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.put(k, b)
	c.mu.Unlock()
	return b, nil
}

func (c *storyCache) put(k storyKey, b []byte) {
	if len(c.cur) >= c.half {
		c.old, c.cur = c.cur, make(map[storyKey][]byte, c.half)
	}
	c.cur[k] = b
}

// listBuffers are reused for story lists: a page of stories is tens of
// kilobytes, which would otherwise be allocated and cleared per request.
var listBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps a rare huge page's buffer from being kept.
const maxPooledBuffer = 1 << 20

// writeStoryRefs answers a timeline from the page's references and the
// cache: the store lists the page's story ids and versions (from its
// index alone for a dyad), the cache gives the encodings it holds of
// exactly those versions, and only the others are read whole. It reports
// false, having written nothing, when a story changed between the two
// reads; the caller then answers with one query, so a page never mixes
// versions.
func (s *Server) writeStoryRefs(w http.ResponseWriter, r *http.Request, f store.StoryFilter) bool {
	refs, next, err := s.refs.StoryRefs(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return true
	}
	encoded := make([][]byte, len(refs))
	var missing []string
	for i := range refs {
		b, ok := s.enc.get(storyKey{refs[i].ID, refs[i].UpdatedAt.UnixNano()})
		if !ok {
			missing = append(missing, refs[i].ID)
		}
		encoded[i] = b
	}
	if len(missing) > 0 {
		got, err := s.refs.StoriesByID(r.Context(), missing)
		if err != nil {
			s.apiFail(w, r, err)
			return true
		}
		byID := make(map[storyKey][]byte, len(got))
		for i := range got {
			b, err := s.enc.encoded(&got[i])
			if err != nil {
				s.apiFail(w, r, fmt.Errorf("story %s: encode: %w", got[i].ID, err))
				return true
			}
			byID[storyKey{got[i].ID, got[i].UpdatedAt.UnixNano()}] = b
		}
		for i := range refs {
			if encoded[i] != nil {
				continue
			}
			b, ok := byID[storyKey{refs[i].ID, refs[i].UpdatedAt.UnixNano()}]
			if !ok {
				return false // saved again or deleted since the list was read
			}
			encoded[i] = b
		}
	}
	s.writeEncoded(w, encoded, next)
	return true
}

// writeStories writes a list of stories exactly as writeJSON writes
// list[record.Story], from the encoded stories; on an encoding failure
// it answers with the API's error object.
func (s *Server) writeStories(w http.ResponseWriter, r *http.Request, stories []record.Story, next string) {
	encoded := make([][]byte, len(stories))
	for i := range stories {
		b, err := s.enc.encoded(&stories[i])
		if err != nil {
			s.apiFail(w, r, fmt.Errorf("story %s: encode: %w", stories[i].ID, err))
			return
		}
		encoded[i] = b
	}
	s.writeEncoded(w, encoded, next)
}

// writeEncoded writes a list of encoded stories as writeJSON writes
// list[record.Story].
func (s *Server) writeEncoded(w http.ResponseWriter, encoded [][]byte, next string) {
	buf := listBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			listBuffers.Put(buf)
		}
	}()
	buf.WriteString(`{"items":[`)
	for i, b := range encoded {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(b)
	}
	buf.WriteByte(']')
	if next != "" {
		buf.WriteString(`,"next_cursor":`)
		nb, _ := json.Marshal(next)
		buf.Write(nb)
	}
	buf.WriteString("}\n")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}
