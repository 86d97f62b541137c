package story

// SetFlushAt makes a rebuild merge every n reports (at a pair's end), for
// tests of many flushes on a small store; the returned func restores it.
func SetFlushAt(n int) func() {
	old := flushAt
	flushAt = n
	return func() { flushAt = old }
}
