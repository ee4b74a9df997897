package dev.useboth.core.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The history itself is a model in the admin, read-only, like Django's LogEntry. */
@Configuration(proxyBeanMethods = false)
class HistoryAdmin {

    @Bean
    AdminResource<AdminLogEntry> historyResource() {
        return AdminResource.of(AdminLogEntry.class)
                .slug("history")
                .names("history entry", "history")
                .list("createdAt", "actorEmail", "action", "actionName", "resource", "objectRepr")
                .search("actorEmail", "objectRepr", "objectId")
                .filters("action", "resource", "createdAt")
                .field("action", f -> f.choices("create", "change", "delete", "action"))
                .field("objectRepr", f -> f.label("Object"))
                .ordering("-createdAt")
                .readOnly("objectId", "changes")
                .readOnlyModel()
                .build();
    }
}
