package dev.seqlog.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parsing and checks of the addresses in the configuration: the bind host and the Statsd target. Stateless. */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Addresses() {
    }

    /** A host and the port given with it, or -1 when none was. */
    record HostPort(String host, int port) {
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 literal. */
    static HostPort parseHost(String v) throws ConfigException {
        String h = v;
        String p = null;
        int portNumber = -1;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new ConfigException("SEQLOG_HOST has an unclosed '[' (got \"" + v + "\")");
            }
            h = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new ConfigException("SEQLOG_HOST must be host or host:port (got \"" + v + "\")");
                }
                p = rest.substring(1);
            }
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            h = v.substring(0, v.indexOf(':'));
            p = v.substring(v.indexOf(':') + 1);
        }
        if (h.isEmpty()) {
            throw new ConfigException("SEQLOG_HOST has an empty host part (got \"" + v + "\")");
        }
        if (p != null) {
            long port = Env.parseDecimal("SEQLOG_HOST (port part)", p);
            if (port > 65535) {
                throw new ConfigException("SEQLOG_HOST port part must be between 0 and 65535 (got " + p + ")");
            }
            portNumber = (int) port;
        }
        if (IPV4.matcher(h).matches() || h.indexOf(':') >= 0) {
            try {
                InetAddress.getByName(h); // a literal: parsed locally, never looked up
            } catch (UnknownHostException ex) {
                throw new ConfigException("SEQLOG_HOST is not a valid address (got \"" + v + "\")");
            }
        }
        return new HostPort(h, portNumber);
    }

    static void checkStatsd(String v) throws ConfigException {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new ConfigException("SEQLOG_STATSD must be host:port (got \"" + v + "\")");
        }
        long port = Env.parseDecimal("SEQLOG_STATSD (port part)", v.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw new ConfigException("SEQLOG_STATSD port must be between 1 and 65535 (got \"" + v + "\")");
        }
    }

    /**
     * Whether a bind address is loopback: 127.0.0.0/8, ::1 or the name localhost.
     *
     * @param host the address as configured
     * @return true for loopback
     */
    public static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
            return false; // a host name other than localhost: never resolved, never trusted
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
