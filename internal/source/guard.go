package source

import "syscall"

// GuardDial is the check every fetch makes on each connection, after name
// resolution and for every redirect: it refuses any address outside the
// public internet. Other outbound clients that must honour the same rule
// (watch webhooks) set it as their net.Dialer's Control.
func GuardDial(network, address string, c syscall.RawConn) error {
	return dialControl(network, address, c)
}
