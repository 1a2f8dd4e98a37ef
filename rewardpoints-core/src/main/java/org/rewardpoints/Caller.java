package org.rewardpoints;

import java.util.Set;
import org.rewardpoints.internal.Checks;

/** Who calls a {@link SecuredRewardPoints} operation, as resolved from their access token. */
public sealed interface Caller permits Caller.Employee, Caller.Customer {

    /** The tenant the caller's token belongs to; they never reach another. */
    String tenant();

    /** An employee (or service) holding scopes such as {@link Scopes#VIEW}. */
    record Employee(String tenant, Set<String> scopes) implements Caller {
        public Employee {
            Checks.id("tenant", tenant);
            scopes = Set.copyOf(Checks.required("scopes", scopes));
        }
    }

    /** A signed-in customer: reaches only their own account. */
    record Customer(String tenant, String customerId) implements Caller {
        public Customer {
            Checks.id("tenant", tenant);
            Checks.id("customerId", customerId);
        }
    }

    static Employee employee(String tenant, String... scopes) {
        return new Employee(tenant, Set.of(scopes));
    }

    static Customer customer(String tenant, String customerId) {
        return new Customer(tenant, customerId);
    }
}
