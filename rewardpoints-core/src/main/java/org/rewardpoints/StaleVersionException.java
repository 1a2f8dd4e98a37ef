package org.rewardpoints;

/** An update or delete named a version that is no longer current. Nothing was changed. */
public class StaleVersionException extends ConflictException {
    private final String id;
    private final long givenVersion;
    private final long currentVersion;

    public StaleVersionException(String id, long givenVersion, long currentVersion) {
        super("The resource with id = " + id + " has changed: version " + givenVersion + " was given, the current version is "
                + currentVersion + ". Read it again and retry with the current version");
        this.id = id;
        this.givenVersion = givenVersion;
        this.currentVersion = currentVersion;
    }

    public String getId() {
        return id;
    }

    public long getGivenVersion() {
        return givenVersion;
    }

    public long getCurrentVersion() {
        return currentVersion;
    }
}
