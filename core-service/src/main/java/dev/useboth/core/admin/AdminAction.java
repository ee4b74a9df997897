package dev.useboth.core.admin;

import java.util.function.BiConsumer;

/**
 * A named operation on selected objects (a bulk action on the list page, a button on the
 * detail page), always behind a confirmation page. The handler runs once per object inside
 * the admin's transaction with the object and the signed-in user's email; it should call the
 * owning module's service rather than poke at fields, so that the rules live in one place. If
 * it throws for any object, nothing is changed and its message is shown.
 */
public record AdminAction<T>(String name, String label, AdminPermission permission, BiConsumer<T, String> handler) {

    public AdminAction {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("action name must be lower-case kebab case: " + name);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("action " + name + " needs a label");
        }
        if (permission == null || handler == null) {
            throw new IllegalArgumentException("action " + name + " needs a permission and a handler");
        }
    }
}
