package org.rewardpoints.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.StorageException;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.RedemptionOptionStore;

/**
 * A {@link RedemptionOptionStore} on plain JDBC: one row of {@code <prefix>redemption_options} per
 * option, keyed by (tenant, id), its coupon template in columns. Thread-safe; build one with
 * {@link #builder(DataSource)}.
 *
 * <p>{@link #update} and {@link #delete} are single statements conditioned on
 * {@code version = expectedVersion}: the database's row lock makes exactly one of several
 * concurrent writers carrying one version succeed, also across JVMs. {@link #list} returns the
 * tenant's options oldest first, by (createdAt, id).
 *
 * <p>Instants are stored in UTC with microsecond precision; decimals of the coupon template read
 * back in their shortest form ({@code 5.50} as {@code 5.5}).
 */
public final class JdbcRedemptionOptionStore implements RedemptionOptionStore {
    static final String COLUMNS = "tenant, id, name, description, points, " + CouponTemplateColumns.COLUMNS
            + ", version, created_at, modified_at";

    private final JdbcTransactions transactions;
    private final String table;
    private final String insert;
    private final String find;
    private final String list;
    private final String update;
    private final String delete;

    private JdbcRedemptionOptionStore(JdbcTransactions transactions, String tablePrefix) {
        // the transactions, retries and failure translation of the JDBC adapters
        this.transactions = transactions;
        this.table = tablePrefix + "redemption_options";
        insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, "
                + CouponTemplateColumns.PLACEHOLDERS + ", ?, ?, ?)";
        find = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? AND id = ?";
        // index (tenant, created_at, id)
        list = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? ORDER BY created_at, id";
        update = "UPDATE " + table + " SET name = ?, description = ?, points = ?, " + CouponTemplateColumns.ASSIGNMENTS
                + ", version = ?, created_at = ?, modified_at = ? WHERE tenant = ? AND id = ? AND version = ?";
        delete = "DELETE FROM " + table + " WHERE tenant = ? AND id = ? AND version = ?";
    }

    /**
     * A builder of a redemption option store on {@code dataSource}, with the options and defaults of
     * {@link JdbcLedgerStore#builder}.
     *
     * @param dataSource the database, pooled in production
     * @return the builder
     */
    public static JdbcAdapterBuilder<JdbcRedemptionOptionStore> builder(DataSource dataSource) {
        return new JdbcAdapterBuilder<>(dataSource, JdbcRedemptionOptionStore::new);
    }

    @Override
    public void insert(RedemptionOption option) {
        Checks.required("option", option);
        Object[] params = concat(new Object[] {key("tenant", option.tenant()), key("id", option.id())},
                content(option));
        try {
            write("insert of redemption option '" + option.id() + "' in tenant '" + option.tenant() + "'", insert,
                    params);
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("Redemption option '" + option.id() + "' exists in tenant '"
                    + option.tenant() + "'", e);
        }
    }

    @Override
    public Optional<RedemptionOption> find(String tenant, String id) {
        key("tenant", tenant);
        key("id", id);
        return transactions.read("read redemption option '" + id + "' of tenant '" + tenant + "'",
                connection -> Sql.one(connection, transactions.dialect(), find, this::option, tenant, id));
    }

    @Override
    public List<RedemptionOption> list(String tenant) {
        key("tenant", tenant);
        return transactions.read("list the redemption options of tenant '" + tenant + "'",
                connection -> Sql.list(connection, transactions.dialect(), list, this::option, tenant));
    }

    @Override
    public boolean update(RedemptionOption option, long expectedVersion) {
        Checks.required("option", option);
        Object[] params = concat(content(option),
                new Object[] {key("tenant", option.tenant()), key("id", option.id()), expectedVersion});
        return write("update of redemption option '" + option.id() + "' in tenant '" + option.tenant() + "'", update,
                params) == 1;
    }

    @Override
    public boolean delete(String tenant, String id, long expectedVersion) {
        key("tenant", tenant);
        key("id", id);
        return write("delete of redemption option '" + id + "' in tenant '" + tenant + "'", delete,
                new Object[] {tenant, id, expectedVersion}) == 1;
    }

    private int write(String what, String sql, Object[] params) {
        return transactions.inTransaction(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Sql.bindAll(statement, 1, params, transactions.dialect());
                return statement.executeUpdate();
            }
        });
    }

    /** Every column but the key, in {@link #COLUMNS} order. */
    private static Object[] content(RedemptionOption option) {
        Checks.required("coupon", option.coupon());
        Object[] head = {option.name(), Sql.text(option.description()), option.points()};
        Object[] tail = {option.version(), Sql.stored("createdAt", Checks.required("createdAt", option.createdAt())),
                Sql.stored("modifiedAt", Checks.required("modifiedAt", option.modifiedAt()))};
        return concat(concat(head, CouponTemplateColumns.params(option.coupon())), tail);
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = new Object[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static String key(String field, String value) {
        return Checks.id(field, value);
    }

    private RedemptionOption option(ResultSet row) throws SQLException {
        String tenant = row.getString("tenant");
        String id = row.getString("id");
        CouponTemplate coupon;
        try {
            coupon = CouponTemplateColumns.read(row);
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw new StorageException("Redemption option '" + id + "' of tenant '" + tenant + "' in table " + table
                    + " is not usable: " + e.getMessage(), e);
        }
        return new RedemptionOption(id, tenant, row.getString("name"), row.getString("description"),
                row.getLong("points"), coupon, row.getLong("version"), Sql.instant(row, "created_at", transactions.dialect()),
                Sql.instant(row, "modified_at", transactions.dialect()));
    }

    @Override
    public String toString() {
        return "JdbcRedemptionOptionStore[" + transactions.dialect().name() + ", table " + table + "]";
    }
}
