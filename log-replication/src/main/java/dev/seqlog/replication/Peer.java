package dev.seqlog.replication;

import java.util.regex.Pattern;

/**
 * One member of a replicated cluster: its id and the address its Raft port binds and the others dial. Written
 * {@code id=host:port} in configuration ({@code id=[v6 address]:port} for IPv6).
 *
 * @param id the node id, 1-64 characters of {@code [A-Za-z0-9_.-]}
 * @param host the address (never a wildcard: the Raft port binds exactly this)
 * @param port the Raft port
 */
public record Peer(String id, String host, int port) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * @param id the node id
     * @param host the address its Raft port binds and others dial
     * @param port the Raft port
     */
    public Peer {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("peer id must be 1-64 characters of [A-Za-z0-9_.-]: " + id);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("peer " + id + " has no host");
        }
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("*")) {
            throw new IllegalArgumentException("peer " + id + " host " + host + " is a wildcard: give the address "
                    + "the Raft port binds and the other nodes dial");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer " + id + " port must be 1-65535: " + port);
        }
    }

    /**
     * Parses {@code id=host:port} ({@code [v6 address]:port} for IPv6).
     *
     * @param spec the peer as text
     * @return the peer
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Peer parse(String spec) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        int colon = spec == null ? -1 : spec.lastIndexOf(':');
        if (eq < 1 || colon < eq + 2 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("a peer is id=host:port, got: " + spec);
        }
        String host = spec.substring(eq + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer port is not a number: " + spec);
        }
        return new Peer(spec.substring(0, eq), host, port);
    }

    /** @return {@code host:port}, bracketing an IPv6 host */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
