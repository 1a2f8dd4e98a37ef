package org.rewardpoints.examples.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts what a data source's users send to the database: every statement execution (a batch, or
 * a {@code ;}-joined multi-statement that the PostgreSQL driver pipelines, counts once), every
 * commit and every rollback. On PostgreSQL each is one network round trip; on H2 (in the same
 * JVM) each is one call into the database. Used to report round trips beside the timings, never
 * while timing.
 */
public final class RoundTripCounter {
    private final LongAdder count = new LongAdder();

    /** Round trips counted so far. */
    public long count() {
        return count.sum();
    }

    /** {@code dataSource} with every connection it hands out counted. */
    public DataSource wrap(DataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    return result instanceof Connection connection ? connection(connection) : result;
                });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("commit") || name.equals("rollback")) {
                        count.increment();
                    }
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement statement && name.startsWith("prepare")
                            || result instanceof Statement && name.equals("createStatement")) {
                        return statement((Statement) result);
                    }
                    return result;
                });
    }

    private Statement statement(Statement real) {
        Class<?>[] interfaces = real instanceof PreparedStatement
                ? new Class<?>[] {PreparedStatement.class} : new Class<?>[] {Statement.class};
        return (Statement) Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(), interfaces,
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute")) {
                        count.increment();
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
