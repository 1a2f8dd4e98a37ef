package org.rewardpoints.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Wraps a data source to observe or disturb what the store sends, without a driver of our own. */
final class JdbcProxies {
    private JdbcProxies() {
    }

    /** Hooks into the wrapped connections; by default everything passes through. */
    interface Hooks {
        /** Called before a statement executes (one network round trip on PostgreSQL). */
        default void beforeExecute(String sql) throws SQLException {
        }

        /** Called after a statement executed, before its caller sees the result. */
        default void afterExecute(String sql) throws SQLException {
        }

        /** Replaces {@link Connection#commit()}; the default commits. */
        default void commit(Connection real) throws SQLException {
            real.commit();
        }

        /** Called after {@link Connection#rollback()}. */
        default void afterRollback() {
        }
    }

    static DataSource wrap(DataSource dataSource, Hooks hooks) {
        return (DataSource) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    return result instanceof Connection connection ? connection(connection, hooks) : result;
                });
    }

    private static Connection connection(Connection real, Hooks hooks) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "commit" -> {
                    hooks.beforeExecute("COMMIT");
                    hooks.commit(real);
                    return null;
                }
                case "rollback" -> {
                    Object result = invoke(real, method, args);
                    if (args == null) {
                        hooks.afterRollback();
                    }
                    return result;
                }
                case "prepareStatement" -> {
                    Statement statement = (Statement) invoke(real, method, args);
                    return statement(statement, (String) args[0], hooks);
                }
                case "createStatement" -> {
                    return statement((Statement) invoke(real, method, args), null, hooks);
                }
                default -> {
                    return invoke(real, method, args);
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Statement statement(Statement real, String preparedSql, Hooks hooks) {
        Class<?>[] interfaces = real instanceof java.sql.PreparedStatement
                ? new Class<?>[] {java.sql.PreparedStatement.class} : new Class<?>[] {Statement.class};
        return (Statement) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), interfaces, (proxy, method, args) -> {
            if (!method.getName().startsWith("execute")) {
                return invoke(real, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            hooks.beforeExecute(sql);
            Object result = invoke(real, method, args);
            hooks.afterExecute(sql);
            return result;
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
