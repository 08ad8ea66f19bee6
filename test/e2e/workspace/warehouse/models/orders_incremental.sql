-- Orders, merged on order_id; the last three days are read again for rows that arrive late.
select order_id, customer_id, total, updated_at
from {{ source('shop', 'orders') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) - interval '3 days' from {{ this }})
{% endif %}
