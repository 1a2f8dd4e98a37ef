package org.rewardpoints.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Wraps a data source in dynamic proxies (as {@link JdbcProxies} does) so that a reliability test
 * can act at the moments a unit goes through: getting a connection, starting a transaction, around
 * each statement, around the commit. An interceptor may also break a connection the way a lost
 * network link does: it throws {@link BrokenConnection}, and every later call on the connection
 * fails with SQLState {@code 08003}, as the drivers do on a closed connection, until the caller
 * closes it. Closing it closes (or returns to its pool) the real connection, which rolls back
 * whatever was not committed, as the database does when a client's connection drops.
 */
final class InterceptedDataSource {
    private InterceptedDataSource() {
    }

    /** What a test does at each moment; by default everything passes through. */
    interface Interceptor {
        /** Before the wrapped data source is asked for a connection. */
        default void beforeGetConnection() throws SQLException {
        }

        /** After {@code setAutoCommit(false)}: a unit (transaction) starts on {@code real}. */
        default void transactionStarted(Connection real) throws SQLException {
        }

        /** Before a statement executes on {@code real}. */
        default void beforeStatement(Connection real, String sql) throws SQLException {
        }

        /** After a statement executed on {@code real} (its result not yet seen by the caller). */
        default void afterStatement(Connection real, String sql) throws SQLException {
        }

        /** Replaces {@link Connection#commit()}; the default commits. */
        default void commit(Connection real) throws SQLException {
            real.commit();
        }
    }

    /**
     * Thrown by an interceptor to break the connection: a connection failure (SQLState class
     * {@code 08}) after which the connection is gone.
     */
    static final class BrokenConnection extends SQLException {
        BrokenConnection(String message, String sqlState) {
            super(message, sqlState);
        }
    }

    private static final Set<String> STILL_ALLOWED_WHEN_BROKEN = Set.of("close", "isClosed", "isValid", "unwrap",
            "isWrapperFor", "toString", "hashCode", "equals");

    static DataSource wrap(DataSource dataSource, Interceptor interceptor) {
        return (DataSource) Proxy.newProxyInstance(InterceptedDataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        interceptor.beforeGetConnection();
                        return new Link((Connection) invoke(dataSource, method, args), interceptor).proxy();
                    }
                    return invoke(dataSource, method, args);
                });
    }

    /** One wrapped connection and whether an interceptor broke it. */
    private static final class Link {
        private final Connection real;
        private final Interceptor interceptor;
        private volatile boolean broken;

        Link(Connection real, Interceptor interceptor) {
            this.real = real;
            this.interceptor = interceptor;
        }

        Connection proxy() {
            return (Connection) Proxy.newProxyInstance(InterceptedDataSource.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (broken && !STILL_ALLOWED_WHEN_BROKEN.contains(name)) {
                            throw new SQLException("This connection has been closed.", "08003");
                        }
                        switch (name) {
                            case "isValid" -> {
                                return !broken && (Boolean) invoke(real, method, args);
                            }
                            case "isClosed" -> {
                                return broken || (Boolean) invoke(real, method, args);
                            }
                            case "commit" -> {
                                guarded(() -> interceptor.commit(real));
                                return null;
                            }
                            case "setAutoCommit" -> {
                                Object result = invoke(real, method, args);
                                if (!(Boolean) args[0]) {
                                    guarded(() -> interceptor.transactionStarted(real));
                                }
                                return result;
                            }
                            case "prepareStatement" -> {
                                return statement((Statement) invoke(real, method, args), (String) args[0]);
                            }
                            case "createStatement" -> {
                                return statement((Statement) invoke(real, method, args), null);
                            }
                            default -> {
                                return invoke(real, method, args);
                            }
                        }
                    });
        }

        private Statement statement(Statement statement, String preparedSql) {
            Class<?>[] interfaces = statement instanceof PreparedStatement
                    ? new Class<?>[] {PreparedStatement.class} : new Class<?>[] {Statement.class};
            return (Statement) Proxy.newProxyInstance(InterceptedDataSource.class.getClassLoader(), interfaces,
                    (proxy, method, args) -> {
                        if (broken && !STILL_ALLOWED_WHEN_BROKEN.contains(method.getName())) {
                            throw new SQLException("This statement has been closed.", "08003");
                        }
                        if (!method.getName().startsWith("execute")) {
                            return invoke(statement, method, args);
                        }
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                        guarded(() -> interceptor.beforeStatement(real, sql));
                        Object result = invoke(statement, method, args);
                        guarded(() -> interceptor.afterStatement(real, sql));
                        return result;
                    });
        }

        private void guarded(SqlAction action) throws SQLException {
            try {
                action.run();
            } catch (BrokenConnection e) {
                broken = true;
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
