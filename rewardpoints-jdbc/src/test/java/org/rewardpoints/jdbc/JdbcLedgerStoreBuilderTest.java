package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.StorageException;

class JdbcLedgerStoreBuilderTest {
    private final DataSource h2 = TestDatabases.h2("builder");

    @ParameterizedTest
    @ValueSource(strings = {"", "RP_", "1rp_", "rp-", "rp_;drop", "rp_ ", "abcdefghijklmnopqrstuvwxyz_12345"})
    void tablePrefix_rejectsUnsafeOrLongNamesNamingTheValue(String prefix) {
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).tablePrefix(prefix))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tablePrefix")
                .hasMessageContaining("'" + prefix + "'");
    }

    @Test
    void builder_rejectsMissingOrOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> JdbcLedgerStore.builder(null)).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).tablePrefix(null)).hasMessageContaining("tablePrefix");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).maxRetries(-1)).hasMessageContaining("maxRetries '-1'");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).maxRetries(JdbcLedgerStore.MAX_MAX_RETRIES + 1))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).schemaMode(null)).hasMessageContaining("schemaMode");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).dialect(null)).hasMessageContaining("dialect");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(h2).transactionIsolation(null))
                .hasMessageContaining("transactionIsolation");
    }

    @Test
    void builder_acceptsTheLimits() {
        JdbcLedgerStore store = JdbcLedgerStore.builder(h2).tablePrefix("a").maxRetries(0)
                .schemaMode(SchemaMode.NONE).build();
        assertThat(store.tablePrefix()).isEqualTo("a");
        assertThat(store.dialect()).isEqualTo(H2Dialect.INSTANCE);
        assertThat(JdbcLedgerStore.builder(h2).tablePrefix("a".repeat(JdbcLedgerStore.MAX_TABLE_PREFIX_LENGTH))
                .maxRetries(JdbcLedgerStore.MAX_MAX_RETRIES)).isNotNull();
    }

    @Test
    void build_onAnUnsupportedDatabase_namesItAndTheOverride() {
        DataSource oracle = dataSourceReporting("Oracle");

        assertThatThrownBy(() -> JdbcLedgerStore.builder(oracle).schemaMode(SchemaMode.NONE).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("'Oracle' is not supported")
                .hasMessageContaining("dialect(");
    }

    @Test
    void build_withAnExplicitDialect_needsNoConnectionInModeNone() {
        DataSource unreachable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("connection refused", "08001");
                });

        JdbcLedgerStore store = JdbcLedgerStore.builder(unreachable).dialect(PostgresDialect.INSTANCE)
                .schemaMode(SchemaMode.NONE).build();

        assertThat(store.dialect()).isEqualTo(PostgresDialect.INSTANCE);
        assertThatThrownBy(() -> JdbcLedgerStore.builder(unreachable).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("connection refused");
    }

    private DataSource dataSourceReporting(String product) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Connection real = h2.getConnection();
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("getMetaData")) {
                                    DatabaseMetaData metaData = real.getMetaData();
                                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                                            new Class<?>[] {DatabaseMetaData.class}, (p2, m2, a2) ->
                                                    m2.getName().equals("getDatabaseProductName") ? product
                                                            : invoke(m2, metaData, a2));
                                }
                                return invoke(m, real, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
