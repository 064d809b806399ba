-- Q1: the average of every neuron of conv2, per class, on a 5% MaxMargin sample.
-- The answer is a 1,600-value vector per class (select mean_conv2 to see it); here it is
-- compared with the answer on all test items: cosine distance 0 means the same pattern.
with on_sample as (
  select label, count(*) as items, avg_activation(activation) as mean_conv2
  from mnist_lenet.conv2 tablesample boundary('maxmargin', 0.05)
  where split = 'test'
  group by label),
on_all as (
  select label, count(*) as items, avg_activation(activation) as mean_conv2
  from mnist_lenet.conv2
  where split = 'test'
  group by label)
select s.label, s.items as sample_items, a.items as all_items,
  cosine_distance(s.mean_conv2, a.mean_conv2) as distance_to_all
from on_sample s join on_all a on s.label = a.label
order by s.label;
