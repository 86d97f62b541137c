package watch

import "time"

// SetStorySlack sets how far before the last evaluation's mark changed
// stories are read again, so a test of what an evaluation carries need
// not wait out the slack; the returned func restores it.
func SetStorySlack(d time.Duration) func() {
	old := storySlack
	storySlack = d
	return func() { storySlack = old }
}
