package source

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

var (
	rxXMLDecl     = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
	rxDeclEncName = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)
)

// decodeFeed returns a feed document as UTF-8 and names the encoding it
// was read in. The XML declaration is rewritten to say UTF-8, so the XML
// parser does not decode a second time, and characters XML forbids are
// dropped.
//
// The order: a byte-order mark; UTF-16/32 recognised by the zero bytes
// around the first '<'; valid UTF-8 as UTF-8 whatever the labels say
// (mislabelled UTF-8 is common, text in another charset that happens to be
// valid UTF-8 is not); then the XML declaration's encoding, then the HTTP
// charset; else mostly-UTF-8 with a few bad bytes, else the charset the
// bytes look like, else windows-1252.
func decodeFeed(raw []byte, httpCharset string) ([]byte, string) {
	data, name := toUTF8(raw, httpCharset)
	if m := rxXMLDecl.Find(data); m != nil {
		decl := rxDeclEncName.ReplaceAll(m, []byte(`encoding="utf-8"`))
		data = append(decl, data[len(m):]...)
	}
	return validXMLChars(data), name
}

func toUTF8(raw []byte, httpCharset string) ([]byte, string) {
	type bom struct {
		mark []byte
		enc  encoding.Encoding
		name string
	}
	// UTF-32 LE before UTF-16 LE: its mark begins with UTF-16 LE's.
	for _, b := range []bom{
		{[]byte{0xEF, 0xBB, 0xBF}, nil, "utf-8"},
		{[]byte{0x00, 0x00, 0xFE, 0xFF}, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"},
		{[]byte{0xFF, 0xFE, 0x00, 0x00}, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"},
		{[]byte{0xFE, 0xFF}, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"},
		{[]byte{0xFF, 0xFE}, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"},
	} {
		if bytes.HasPrefix(raw, b.mark) {
			rest := raw[len(b.mark):]
			if b.enc == nil {
				return bytes.ToValidUTF8(rest, []byte("\uFFFD")), b.name
			}
			return decodeWith(b.enc, rest), b.name
		}
	}
	if len(raw) >= 4 {
		switch {
		case raw[0] == 0 && raw[1] == 0 && raw[2] == 0 && raw[3] != 0:
			return decodeWith(utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), raw), "utf-32be"
		case raw[0] != 0 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0:
			return decodeWith(utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), raw), "utf-32le"
		case raw[0] == 0 && raw[1] != 0 && raw[2] == 0 && raw[3] != 0:
			return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), raw), "utf-16be"
		case raw[0] != 0 && raw[1] == 0 && raw[2] != 0 && raw[3] == 0:
			return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), raw), "utf-16le"
		}
	}
	if utf8.Valid(raw) {
		return raw, "utf-8"
	}
	for _, label := range []string{declaredEncoding(raw), httpCharset} {
		label = strings.ToLower(strings.TrimSpace(label))
		if label == "" || strings.HasPrefix(label, "utf") {
			continue // the bytes are not valid UTF-8, so a UTF label is wrong
		}
		if enc, name := charset.Lookup(label); enc != nil {
			if out, err := enc.NewDecoder().Bytes(raw); err == nil {
				return bytes.ToValidUTF8(out, []byte("\uFFFD")), name
			}
		}
	}
	good, bad := 0, 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		i += n
	}
	if good > 0 && good >= 10*bad {
		return bytes.ToValidUTF8(raw, []byte("\uFFFD")), "utf-8"
	}
	// Nothing names the charset: guess from the bytes (KOI8-R, Big5,
	// Shift_JIS… undeclared), else take the web's default.
	if guess, err := chardet.NewTextDetector().DetectBest(raw[:min(len(raw), 64<<10)]); err == nil && guess.Confidence >= 25 {
		if enc, name := charset.Lookup(guess.Charset); enc != nil && !strings.HasPrefix(name, "utf") {
			if out, err := enc.NewDecoder().Bytes(raw); err == nil {
				return bytes.ToValidUTF8(out, []byte("\uFFFD")), name
			}
		}
	}
	return decodeWith(charmap.Windows1252, raw), "windows-1252"
}

func decodeWith(enc encoding.Encoding, raw []byte) []byte {
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return bytes.ToValidUTF8(raw, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}

// declaredEncoding reads encoding="…" from an XML declaration.
func declaredEncoding(raw []byte) string {
	head := raw[:min(len(raw), 512)]
	if m := rxXMLDecl.Find(head); m != nil {
		if e := rxDeclEncName.FindSubmatch(m); e != nil {
			return string(e[1])
		}
	}
	return ""
}

// validXMLChars drops the characters XML 1.0 does not allow (most C0
// controls, U+FFFE, U+FFFF), which make Go's XML parser give up on the
// whole document.
func validXMLChars(data []byte) []byte {
	clean := true
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
	}
	if clean && !bytes.Contains(data, []byte("\uFFFE")) && !bytes.Contains(data, []byte("\uFFFF")) {
		return data
	}
	return bytes.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == '\uFFFE' || r == '\uFFFF' {
			return -1
		}
		return r
	}, data)
}

// repairXML salvages a document the parser gave up on (cut off, an
// unclosed tag, a broken CDATA section): it keeps everything up to the last
// token that read cleanly and closes the elements still open there. It
// returns nil when nothing usable remains.
func repairXML(data []byte) []byte {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // already UTF-8
	var open []string
	good := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, qualified(t.Name))
		case xml.EndElement:
			name := qualified(t.Name)
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == name {
					open = open[:i]
					break
				}
			}
		}
		good = int(d.InputOffset())
	}
	if good == 0 || len(open) == 0 {
		return nil
	}
	out := append([]byte(nil), data[:good]...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"+open[i]+">"...)
	}
	return out
}

func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}
