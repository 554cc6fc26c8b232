package dev.replicate.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between replicate and a database server that can make one connection go silent: from a
 * chosen moment on it forwards nothing in either direction, and closes nothing, as a dropped network
 * (a firewall's lost state, a cable pulled between two switches) or a frozen server does. Neither end
 * hears of it: the client's read just waits. Connections made after that one forward as usual, as
 * they do once the network is back. It can also pass the servers' answers on at a set rate (a throttled
 * link, a busy VPN): slow but steady, never silent. And it can cut one connection at once, as a server's crash
 * or a firewall's reject does: the client hears a reset.
 */
final class SilentProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger silenced = new AtomicInteger();
    private volatile Trigger trigger;
    /** Whether a connection sent the marker of the last {@link #silenceAfter}; set before the marker is passed on. */
    private volatile boolean markerSent;
    private volatile boolean silentFromStart;
    /** Bytes per second the servers' answers go through at; 0: as fast as they come. */
    private volatile long serverRate;
    private final java.util.concurrent.atomic.AtomicLong fromServer = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The connection that sends {@code marker} goes silent once the server has sent it {@code serverBytes}
     * more bytes (0: its answer to that statement never arrives).
     */
    private record Trigger(byte[] marker, long serverBytes) {
    }

    /** @param hostPort the server, host:port */
    SilentProxy(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        this.targetHost = hostPort.substring(0, colon);
        this.targetPort = Integer.parseInt(hostPort.substring(colon + 1));
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "silent-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** host:port to connect to instead of the server's. */
    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** {@code conn} with the server's host:port replaced by the proxy's. */
    String through(String conn, String serverHostPort) {
        return conn.replace("@" + serverHostPort + "/", "@" + hostPort() + "/");
    }

    /** Arms the next silence (one connection, once): see {@link Trigger}. */
    void silenceAfter(String marker, long serverBytes) {
        markerSent = false;
        trigger = new Trigger(marker.getBytes(StandardCharsets.UTF_8), serverBytes);
    }

    /**
     * Whether a connection has sent the marker of the last {@link #silenceAfter}: true as soon as the statement
     * holding it has run, since the proxy notes it before passing it on to the server, which answers only then.
     */
    boolean markerSent() {
        return markerSent;
    }

    /** Marks the next connection that sends {@code marker} (one, once) for {@link #cutMarked}; it forwards as usual. */
    void mark(String marker) {
        silenceAfter(marker, Long.MAX_VALUE);
    }

    /**
     * Cuts the connection {@link #mark} marked, now: the client's side is reset (a TCP RST; what the proxy had not
     * sent yet is dropped), the server's closed. Returns how many connections it cut (0 when none sent the marker yet).
     */
    int cutMarked() {
        int n = 0;
        for (Link link : links) {
            if (link.cutIfMarked()) {
                n++;
            }
        }
        return n;
    }

    /** Forgets a silence armed by {@link #silenceAfter} that no connection has triggered yet. */
    void disarm() {
        trigger = null;
    }

    /** Every connection from now on is silent from its start: the server accepts, and then says nothing. */
    void silenceNewConnections() {
        silentFromStart = true;
    }

    /** From now on, every connection passes the server's bytes on at {@code bytesPerSecond}, evenly. */
    void throttle(long bytesPerSecond) {
        serverRate = bytesPerSecond;
    }

    /** How many bytes the servers have sent the clients so far. */
    long fromServer() {
        return fromServer.get();
    }

    /** How many connections went silent. */
    int silenced() {
        return silenced.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client's connection: two pumps, and the moment it goes silent. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean silent;
        /** Bytes the server may still send once the marker was seen; -1 until then. */
        private long allowance = -1;
        private Trigger armed;
        private final StringBuilder recent = new StringBuilder();

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            if (silentFromStart) {
                goSilent();
            }
            pump("silent-proxy-up", client, server, true);
            pump("silent-proxy-down", server, client, false);
        }

        private void pump(String name, Socket from, Socket to, boolean upstream) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                long due = System.nanoTime();
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer, 0, upstream || serverRate == 0 ? buffer.length : 1024)) >= 0) {
                        int forward = upstream ? sent(buffer, n) : received(n);
                        long rate = serverRate;
                        if (!upstream && rate > 0 && forward > 0) {
                            // Evenly: each kilobyte leaves when the rate allows it, not in bursts.
                            due = Math.max(due, System.nanoTime() - 50_000_000L) + forward * 1_000_000_000L / rate;
                            long early = due - System.nanoTime();
                            if (early > 0) {
                                Thread.sleep(early / 1_000_000L, (int) (early % 1_000_000L));
                            }
                        }
                        if (forward > 0) {
                            out.write(buffer, 0, forward);
                            out.flush();
                            if (!upstream) {
                                fromServer.addAndGet(forward);
                            }
                        }
                        if (silent) {
                            closed.await(); // neither forwards nor closes: the peer just waits
                            return;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // a side closed: close the other, as a working network would pass that on
                }
                if (!silent) {
                    closeQuietly(client);
                    closeQuietly(server);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Client to server: whether the marker went by (then the server's answer is counted). */
        private synchronized int sent(byte[] buffer, int n) {
            if (silent) {
                return 0;
            }
            Trigger t = trigger;
            if (armed == null && t != null) {
                recent.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                String marker = new String(t.marker(), StandardCharsets.ISO_8859_1);
                if (recent.indexOf(marker) >= 0) {
                    trigger = null;
                    markerSent = true;
                    armed = t;
                    allowance = t.serverBytes();
                    if (allowance == 0) {
                        goSilent();
                    }
                } else if (recent.length() > 4 * marker.length()) {
                    recent.delete(0, recent.length() - marker.length());
                }
            }
            return n;
        }

        /** Server to client: how many of the n bytes still go through. */
        private synchronized int received(int n) {
            if (silent) {
                return 0;
            }
            if (allowance < 0) {
                return n;
            }
            int forward = (int) Math.min(n, allowance);
            allowance -= forward;
            if (allowance == 0) {
                goSilent();
            }
            return forward;
        }

        /** Resets the client's side and closes the server's, if this connection sent the marker and still forwards. */
        synchronized boolean cutIfMarked() {
            if (armed == null || silent || client.isClosed()) {
                return false;
            }
            try {
                client.setSoLinger(true, 0); // closed so, the client's side hears a reset, not an orderly end
            } catch (IOException e) {
                // closed anyway, with an orderly end
            }
            closeQuietly(client);
            closeQuietly(server);
            return true;
        }

        private void goSilent() {
            silent = true;
            silenced.incrementAndGet();
        }

        void close() {
            closed.countDown();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Closes every connection, the silent ones too. */
    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(Link::close);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
