package source

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrPrivateAddress is wrapped by every refusal to connect to an address
// outside the public internet.
var ErrPrivateAddress = errors.New("private address")

// nonPublic lists ranges that are not the public internet beyond what
// netip.Addr's own predicates cover (loopback, private, link-local,
// multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: may embed any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds an IPv4 address
}

// addressKind says why addr is not a public address, or "" when it is.
func addressKind(addr netip.Addr) string {
	addr = addr.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	switch {
	case addr.IsLoopback():
		return "loopback"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "link-local"
	case addr.IsMulticast(), addr.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return "reserved"
		}
	}
	return ""
}

// checkAddress refuses a dial target ("ip:port", as the dialer passes it
// after DNS resolution) that is not a public address.
func checkAddress(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: cannot check address %q", ErrPrivateAddress, address)
	}
	if kind := addressKind(addr); kind != "" {
		return fmt.Errorf("%w: %s is a %s address; sitrep fetches only from the public internet unless --allow-private (SITREP_ALLOW_PRIVATE=1) is given", ErrPrivateAddress, addr, kind)
	}
	return nil
}

// dialControl runs on every connection attempt, after name resolution and
// for every redirect hop, so neither a DNS answer nor a redirect can lead
// to a private address.
func dialControl(_, address string, _ syscall.RawConn) error {
	return checkAddress(address)
}
