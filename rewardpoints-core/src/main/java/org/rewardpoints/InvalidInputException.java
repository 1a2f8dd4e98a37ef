package org.rewardpoints;

/** Input that breaks a documented rule. Nothing was changed. Names the field and the value. */
public class InvalidInputException extends RewardPointsException {
    private final String field;
    private final transient Object value;

    public InvalidInputException(String field, Object value, String rule) {
        super("Invalid " + field + " '" + value + "': " + rule);
        this.field = field;
        this.value = value;
    }

    public String getField() {
        return field;
    }

    public Object getValue() {
        return value;
    }
}
