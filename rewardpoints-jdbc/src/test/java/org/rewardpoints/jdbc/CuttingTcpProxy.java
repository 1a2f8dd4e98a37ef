package org.rewardpoints.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the driver and the database that can cut a connection at one precise
 * moment: after the database answered a request and before the driver reads the answer. That is
 * how a commit ends with an unknown outcome in production (the server committed, the network or
 * the server process died before the answer arrived), reproduced with the real driver and server.
 */
final class CuttingTcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicReference<Runnable> cutBeforeNextAnswer = new AtomicReference<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "cutting-tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });

    CuttingTcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * The next bytes the database sends, on any connection (the test keeps one busy at a time),
     * are the answer to the request about to be sent: they are held, {@code whileHeld} runs, and
     * the driver's connection is then cut without them.
     */
    void cutBeforeNextAnswer(Runnable whileHeld) {
        if (!cutBeforeNextAnswer.compareAndSet(null, whileHeld)) {
            throw new IllegalStateException("a cut is already armed");
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                threads.execute(() -> pump(client, server, false));
                threads.execute(() -> pump(server, client, true));
            } catch (IOException e) {
                // the proxy was closed, or the database refused: the driver sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromDatabase) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                Runnable whileHeld = fromDatabase ? cutBeforeNextAnswer.getAndSet(null) : null;
                if (whileHeld != null) {
                    try {
                        whileHeld.run();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other as well
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
