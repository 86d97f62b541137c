package coder

// What an actor says it will do is an event of its own in CAMEO: "agreed to
// provide aid" is an intent to provide aid (033x), "threatened to attack" a
// threat of military force (138). The action it names has not happened, so
// coding it as the action would report something that did not occur.

// governance says what governs a verb: nothing, an intent, or a threat.
type governance uint8

const (
	govNone governance = iota
	govIntent
	govThreat
	govUnreal // urged, asked, called on, ordered … to: not (yet) done
)

var intentWords = toSet("agreed agrees agree offered offers offer pledged pledges pledge promised promises promise vowed vows vow ready willing plans planned plan planning intends intended intend prepared decided decides hopes hoped expected expects seeks sought wants wanted aims aimed set due")
var threatWords = toSet("threatened threatens threaten threatening warned warns")
var urgeWords = toSet("urged urges urge urging asked asks ask asking called calls call calling demanded demands demand ordered orders order told tells pressed presses pressing encouraged encourages invited invites appealed appeals tried tries try trying attempted attempts failed fails refused refuses declined declines must")

// governing reads the words before a verb: "will provide", "agreed to
// provide", "is ready to send", "threatened to strike".
func governing(s *sent, v verbHit) governance {
	for k := v.start - 1; k >= 0 && k >= v.start-3; k-- {
		w := s.low[k]
		switch {
		case w == "will" || w == "'ll" || w == "shall":
			return govIntent
		case w == "must":
			return govUnreal
		case w == "to" && k > 0:
			p := s.low[k-1]
			// "urged Russia to withdraw": look past the actor.
			if u := s.unitAt[k-1]; u >= 0 && s.units[u].start > 0 && urgeWords[s.low[s.units[u].start-1]] {
				return govUnreal
			}
			switch {
			case urgeWords[p]:
				return govUnreal
			case threatWords[p]:
				return govThreat
			case intentWords[p]:
				return govIntent
			case k > 1 && (p == "is" || p == "are" || p == "was" || p == "were") && s.unitAt[k-2] >= 0:
				return govIntent // "Russia is to send"
			}
			return govNone
		case w == "not" || w == "also" || w == "soon" || w == "then" || w == "jointly" || w == "further" || w == "again":
			continue
		default:
			if !(len(w) > 2 && w[len(w)-2:] == "ly") {
				return govNone
			}
		}
	}
	return govNone
}

// intentCode maps an action code to the code of intending it, and
// threatCode to threatening it; "" where CAMEO has no such code.
func intentCode(code string) string {
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "04":
		return "036"
	case "05":
		return "032"
	case "06":
		if len(code) == 3 && code[2] >= '1' && code[2] <= '4' {
			return "031" + code[2:3]
		}
		return "031"
	case "07":
		if len(code) == 3 && code[2] >= '1' && code[2] <= '4' {
			return "033" + code[2:3]
		}
		return "033"
	case "08":
		return "034"
	}
	return ""
}

func threatCode(code string) string {
	if len(code) < 2 {
		return ""
	}
	switch code[:2] {
	case "16":
		return "131"
	case "17":
		return "137"
	case "15", "18", "19", "20":
		return "138"
	}
	return ""
}
