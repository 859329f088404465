package it.wecare.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j with a Bolt connector on a loopback address and keeps it
 * running until SIGTERM/SIGINT (or, with --stop-on-eof, until standard input closes,
 * so that a dead parent process never leaves an orphan database behind).
 *
 * <p>Protocol with the caller, one line each on standard output:
 * {@code NEO4J_READY bolt://host:port} once the default database accepts queries,
 * {@code NEO4J_STOPPED} after a clean shutdown. Errors go to standard error
 * prefixed with {@code NEO4J_ERROR} and the exit status is non-zero.
 */
public final class Launcher {

    private static final int EXIT_USAGE = 64;
    private static final int EXIT_PORT_TAKEN = 73;
    private static final int EXIT_START_FAILED = 70;
    /** How often a busy connection gets a NOOP, and how many missed NOOPs end a wait. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    static final int KEEP_ALIVE_PROBES = 2;

    private Launcher() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage() + "\n" + Options.USAGE);
            return;
        }

        if (!portIsFree(options.host, options.port)) {
            fail(EXIT_PORT_TAKEN, "port " + options.port + " on " + options.host
                    + " is already in use: stop the other process or choose another port"
                    + " (NEO4J_BOLT_PORT)");
            return;
        }

        DatabaseManagementService service;
        try {
            Files.createDirectories(options.dataDir);
            service = new DatabaseManagementServiceBuilder(options.dataDir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(options.host, options.port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(options.host, options.port))
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(options.pageCache))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, options.keepLogs)
                    // Bolt waits 5 s twice for idle connections after the stores are already
                    // checkpointed and closed; one second each keeps Ctrl-C and restarts snappy.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time,
                            Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time,
                            Duration.ofSeconds(1))
                    // Under concurrent writers 5.26 now and then never answers a message
                    // on a connection that was just RESET after a failure (in about one
                    // round in twenty of ten racing inserts). Drivers stop waiting after
                    // keep_alive x probes, the hint this server sends them: 10 s instead of
                    // the default 2 min, then they retry on a fresh connection. A request
                    // that really runs longer gets a NOOP every 5 s and is not cut short.
                    .setConfig(BoltConnector.connection_keep_alive_type,
                            BoltConnector.KeepAliveRequestType.ALL)
                    .setConfig(BoltConnector.connection_keep_alive, KEEP_ALIVE)
                    .setConfig(BoltConnector.connection_keep_alive_probes, KEEP_ALIVE_PROBES)
                    .build();
        } catch (IOException | RuntimeException e) {
            fail(EXIT_START_FAILED, "could not start Neo4j in " + options.dataDir + ": " + e);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The JVM runs this on SIGTERM and SIGINT: checkpoint and close the store files.
            service.shutdown();
            System.out.println("NEO4J_STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
            fail(EXIT_START_FAILED, "the database did not become available within 5 minutes");
            return;
        }
        System.out.println("NEO4J_READY bolt://" + options.host + ":" + options.port);
        System.out.flush();

        if (options.stopOnEof) {
            waitForEof(System.in);
            System.exit(0); // runs the shutdown hook
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Ignore whatever the parent writes; only the end of the stream matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: shut down as on EOF.
        }
    }

    private static boolean portIsFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void fail(int status, String message) {
        System.err.println("NEO4J_ERROR " + message);
        System.err.flush();
        System.exit(status);
    }

    /** Command-line options, all with defaults suited to a developer machine. */
    private static final class Options {
        static final String USAGE = "usage: Launcher [--data-dir DIR] [--host 127.0.0.1] [--port 7687]"
                + " [--page-cache 512m] [--keep-logs '1 files'] [--stop-on-eof]";

        Path dataDir = Path.of("var", "neo4j");
        String host = "127.0.0.1";
        int port = 7687;
        String pageCache = "512m";
        String keepLogs = "2 files";
        boolean stopOnEof = false;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, arg));
                    case "--host" -> o.host = value(args, ++i, arg);
                    case "--port" -> o.port = parsePort(value(args, ++i, arg));
                    case "--page-cache" -> o.pageCache = value(args, ++i, arg);
                    case "--keep-logs" -> o.keepLogs = value(args, ++i, arg);
                    case "--stop-on-eof" -> o.stopOnEof = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + text);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number: " + text);
            }
        }
    }
}
