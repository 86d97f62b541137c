// Package tone owns dyad tone series and their shifts: how cooperative or
// hostile one actor's stories towards another were, period by period, and
// when that departed from what came before.
//
// Build takes the store's pre-aggregated tone cells (per day, direction and
// quad class: story count and Goldstein sum, store.StoryStore.ToneCells)
// and returns a Series: per direction, one Point per day, ISO week (Monday
// to Sunday) or month, with the stories by quad class, the Goldstein sum
// and mean. Every period of the range is present; a period without
// stories is zeros. Periods are always whole: a range that starts mid-week
// covers that week from its Monday, so no period is cut short and looks
// quiet for it.
//
// Shifts tests each period against its trailing window: the z-score of the
// period's Goldstein mean (or sum, Detector.Metric) against the mean and
// sample standard deviation of the same figure over the Window periods
// before it. For the mean, only window periods with stories count (a
// period without stories has no mean); for the sum every period counts,
// silence as zero. A period is tested only when it holds MinStories
// stories and its window MinBaseline usable periods; the deviation is
// floored at MinSD Goldstein points. |z| ≥ Threshold is a shift. Lead
// periods (Options.Lead) give the first periods of a range their window
// without showing in the series. Explain fetches the stories that drove
// each shift; Chart draws the series with shifts and labels as SVG or PNG.
//
// Everything but Explain is pure: values in, values out, the same output
// for the same input.
package tone
