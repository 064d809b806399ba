-- Error estimates: Q1 on a 5% uniform sample, where every class's items in the sample are a
-- random sample of the class. avg_activation_error gives [expected, low, high] of the cosine
-- distance to the full data's answer (90% interval); distance_to_all is the true distance.
with on_sample as (
  select label, count(*) as items, population_count() as population,
    error_estimator() as estimator, avg_activation_error(activation) as estimate,
    avg_activation(activation) as mean_conv2
  from mnist_lenet.conv2 tablesample boundary('uniform', 0.05)
  where split = 'test'
  group by label),
on_all as (
  select label, avg_activation(activation) as mean_conv2
  from mnist_lenet.conv2
  where split = 'test'
  group by label)
select s.label, s.items, s.population, s.estimator, s.estimate,
  cosine_distance(s.mean_conv2, a.mean_conv2) as distance_to_all
from on_sample s join on_all a on s.label = a.label
order by s.label;
