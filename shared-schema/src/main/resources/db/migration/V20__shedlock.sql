-- ShedLock's lock table: one row per scheduled job, so that the billing renewal runs on one
-- core replica at a time. The layout is ShedLock's own (JdbcTemplateLockProvider with
-- usingDbTime(): UTC timestamps taken from the database clock, not from the replicas').
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
