package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/sitrep/sitrep/internal/record"
)

// storyCacheSize bounds how many encoded stories the cache keeps (two
// generations of half as many each; a story is about 1 KB encoded).
const storyCacheSize = 50_000

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

// encoded returns s as JSON, from the cache when it is there.
func (c *storyCache) encoded(s *record.Story) ([]byte, error) {
	k := storyKey{s.ID, s.UpdatedAt.UnixNano()}
	c.mu.Lock()
	b, ok := c.cur[k]
	if !ok {
		if b, ok = c.old[k]; ok {
			c.put(k, b)
		}
	}
	c.mu.Unlock()
	if ok {
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

// writeStories writes a list of stories exactly as writeJSON writes
// list[record.Story], from the encoded stories; on an encoding failure
// it answers with the API's error object.
func (s *Server) writeStories(w http.ResponseWriter, r *http.Request, stories []record.Story, next string) {
	buf := listBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			listBuffers.Put(buf)
		}
	}()
	buf.WriteString(`{"items":[`)
	for i := range stories {
		b, err := s.enc.encoded(&stories[i])
		if err != nil {
			s.apiFail(w, r, fmt.Errorf("story %s: encode: %w", stories[i].ID, err))
			return
		}
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
