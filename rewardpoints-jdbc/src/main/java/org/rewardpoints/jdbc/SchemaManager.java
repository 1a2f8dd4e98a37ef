package org.rewardpoints.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.rewardpoints.StorageException;

/** Validates the schema, or creates it from the DDL shipped in the jar. */
final class SchemaManager {
    /** The schema version this library reads and writes. */
    static final int CURRENT_VERSION = 1;
    /** How often CREATE is tried when a concurrent creator on a database without transactional DDL interferes. */
    private static final int CREATE_ATTEMPTS = 5;
    private static final Pattern DEFAULT_PREFIX = Pattern.compile("\\brp_");

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String prefix;
    private final Map<String, List<String>> expectedColumns = new LinkedHashMap<>();

    SchemaManager(DataSource dataSource, SqlDialect dialect, String prefix) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.prefix = prefix;
        expectedColumns.put("schema_version", List.of("version", "description", "applied_at"));
        expectedColumns.put("accounts", List.of("tenant", "customer_id", "open_points", "debt", "created_at", "version"));
        expectedColumns.put("lots", columns(Statements.LOT_INSERT_COLUMNS + ", " + Statements.LOT_ANNOUNCED_WINDOW
                + (dialect instanceof MariaDbDialect ? ", open_until" : "")));
        expectedColumns.put("debits", columns(Statements.DEBIT_COLUMNS));
        expectedColumns.put("events", columns(Statements.EVENT_COLUMNS + ", " + Statements.EVENT_INSERT_COLUMNS
                + ", aggregate_type, next_attempt_at, delivered_at, parked_at, last_error"));
        expectedColumns.put("allocations", List.of("tenant", "customer_id", "debit_id", "lot_id", "points"));
        expectedColumns.put("site_settings", columns(JdbcSettingsStore.COLUMNS));
        expectedColumns.put("issued_coupons", columns(JdbcCouponIssuer.COLUMNS));
        expectedColumns.put("redemption_options", columns(JdbcRedemptionOptionStore.COLUMNS));
        if (CitusDialect.byCustomer(dialect)) {
            expectedColumns.put("lot_keys", List.of("idempotency_key", "tenant", "customer_id", "lot_id"));
            expectedColumns.put("debit_keys", List.of("idempotency_key", "tenant", "customer_id", "debit_id"));
            expectedColumns.put("coupon_codes", List.of("code", "tenant", "idempotency_key"));
        }
    }

    private static List<String> columns(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** Where the DDL of a dialect and version lives on the class path. */
    static String resourcePath(SqlDialect dialect, int version) {
        return "org/rewardpoints/jdbc/schema/" + dialect.schemaFolder() + "/V" + version + "__reward_points.sql";
    }

    /** The shipped DDL with the table prefix applied. */
    static String ddl(SqlDialect dialect, String prefix) {
        String path = resourcePath(dialect, CURRENT_VERSION);
        try (InputStream in = SchemaManager.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new StorageException("DDL " + path + " is missing from the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return DEFAULT_PREFIX.matcher(text).replaceAll(Matcher.quoteReplacement(prefix));
        } catch (IOException e) {
            throw new StorageException("Could not read DDL " + path, e);
        }
    }

    /**
     * The DDL's statements: comment lines dropped, split at semicolons that end a line, but for
     * those of a dollar-quoted function body ({@code $$ ... $$}); a line {@code DELIMITER x} (the
     * mariadb client's convention, for a procedure's body) makes {@code x} the end of a statement
     * until the next such line.
     */
    static List<String> statements(String ddl) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        String delimiter = ";";
        for (String line : ddl.split("\n")) {
            String trimmed = line.strip();
            if (!inBody && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                continue;
            }
            if (!inBody && trimmed.regionMatches(true, 0, "DELIMITER ", 0, 10)) {
                delimiter = trimmed.substring(10).strip();
                continue;
            }
            if ((trimmed.length() - trimmed.replace("$$", "").length()) / 2 % 2 == 1) {
                inBody = !inBody;
            }
            if (!inBody && trimmed.endsWith(delimiter)) {
                current.append(trimmed, 0, trimmed.length() - delimiter.length());
                result.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }

    void validate() {
        List<String> problems;
        try (Connection connection = dataSource.getConnection()) {
            problems = problems(connection);
        } catch (SQLException e) {
            throw new StorageException("Could not read the " + dialect.name() + " schema of the reward points tables: "
                    + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new StorageException("The reward points schema (table prefix '" + prefix + "') is not usable: "
                    + String.join("; ", problems) + ". Create it by building the JdbcLedgerStore with SchemaMode.CREATE,"
                    + " or apply " + resourcePath(dialect, CURRENT_VERSION) + " from the rewardpoints-jdbc jar"
                    + " (see UPGRADING.md for upgrades).");
        }
    }

    private List<String> problems(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String schema = connection.getSchema();
        String escape = metaData.getSearchStringEscape();
        List<String> problems = new ArrayList<>();
        boolean versionTableExists = false;
        for (Map.Entry<String, List<String>> table : expectedColumns.entrySet()) {
            String name = prefix + table.getKey();
            Set<String> present = new TreeSet<>();
            String pattern = escapePattern(dialect.catalogName(name), escape);
            try (ResultSet columns = metaData.getColumns(connection.getCatalog(), schema, pattern, null)) {
                while (columns.next()) {
                    present.add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (present.isEmpty()) {
                problems.add("table " + name + " is missing");
                continue;
            }
            versionTableExists |= table.getKey().equals("schema_version");
            for (String column : table.getValue()) {
                if (!present.contains(column)) {
                    problems.add("column " + name + "." + column + " is missing");
                }
            }
        }
        if (versionTableExists) {
            Integer version;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT MAX(version) FROM " + prefix + "schema_version")) {
                row.next();
                int value = row.getInt(1);
                version = row.wasNull() ? null : value;
            }
            if (version == null) {
                problems.add("table " + prefix + "schema_version records no schema version (expected "
                        + CURRENT_VERSION + ")");
            } else if (version < CURRENT_VERSION) {
                problems.add("schema version " + version + " is older than version " + CURRENT_VERSION
                        + " which this library needs");
            } else if (version > CURRENT_VERSION) {
                // a newer schema may have changed what this version writes: refuse rather than corrupt
                problems.add("schema version " + version + " is newer than version " + CURRENT_VERSION
                        + " which this library supports; upgrade rewardpoints-jdbc");
            }
        }
        if (dialect instanceof CitusDialect citus) {
            distribution(connection, citus).ifPresent(problems::add);
        }
        boolean procedures = Statements.routinesAreProcedures(dialect);
        for (String function : Statements.functions(dialect)) {
            String name = prefix + function;
            String pattern = escapePattern(dialect.catalogName(name), escape);
            try (ResultSet found = procedures ? metaData.getProcedures(connection.getCatalog(), schema, pattern)
                    : metaData.getFunctions(connection.getCatalog(), schema, pattern)) {
                if (!found.next()) {
                    problems.add((procedures ? "procedure " : "function ") + name + " is missing");
                }
            }
        }
        return problems;
    }

    /**
     * On Citus, a model other than the dialect's: the accounts distributed by another column (a
     * schema by customer used by tenant would let one order be credited to two customers).
     */
    private Optional<String> distribution(Connection connection, CitusDialect citus) throws SQLException {
        String accounts = prefix + "accounts";
        try (PreparedStatement statement = connection.prepareStatement("SELECT column_to_column_name(p.logicalrelid,"
                + " p.partkey) FROM pg_dist_partition p WHERE p.logicalrelid = to_regclass(?)")) {
            statement.setString(1, accounts);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next() || row.getString(1) == null || row.getString(1).equals(citus.distributionColumn())) {
                    return Optional.empty();
                }
                String other = row.getString(1).equals("customer_id") ? "CitusDialect.BY_CUSTOMER" : "CitusDialect.INSTANCE";
                return Optional.of("table " + accounts + " is distributed by " + row.getString(1) + ", not by "
                        + citus.distributionColumn() + " as " + citus.name() + " needs (set the dialect " + other
                        + " with builder(dataSource).dialect(...))");
            }
        }
    }

    private static String escapePattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    /** Creates what is missing, tolerating other instances that create the schema at the same time. */
    void create() {
        List<String> statements = statements(ddl(dialect, prefix));
        SQLException failure = null;
        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                createOnce(connection, statements);
                return;
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (dialect.transactionalDdl() && !dialect.isTransient(e)) {
                    break; // under the advisory lock a failure is not a race: retrying will not help
                }
                pause(attempt);
            }
        }
        throw new StorageException("Could not create the reward points schema (table prefix '" + prefix + "') with "
                + resourcePath(dialect, CURRENT_VERSION) + ": " + failure.getMessage(), failure);
    }

    private void createOnce(Connection connection, List<String> statements) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean transactional = dialect.transactionalDdl();
        connection.setAutoCommit(!transactional);
        try (Statement statement = connection.createStatement()) {
            if (transactional) {
                dialect.lockSchemaCreation(connection, prefix);
            }
            for (String ddl : statements) {
                statement.execute(ddl);
            }
            if (transactional) {
                connection.commit();
            }
        } catch (SQLException e) {
            if (transactional) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while creating the reward points schema", e);
        }
    }
}
