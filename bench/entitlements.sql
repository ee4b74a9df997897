\set n random(1, 100000)
select feature_key, limit_value, plan_code, subscription_status, valid_until from read_api.user_entitlements where user_id = md5('bench-' || :n)::uuid order by feature_key;
