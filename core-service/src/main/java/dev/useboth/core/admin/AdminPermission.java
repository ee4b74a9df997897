package dev.useboth.core.admin;

/** What someone may do with one registered model, like Django's view/add/change/delete. */
public enum AdminPermission {
    VIEW,
    ADD,
    CHANGE,
    DELETE;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
