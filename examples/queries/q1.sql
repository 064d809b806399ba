-- Q1: the average of every neuron of conv2, per class, on a 5% MaxMargin sample.
-- Run: ./boundary sql -f examples/queries/q1.sql   (drop TABLESAMPLE for the full answer)
select label, count(*) as items, avg_activation(activation) as mean_conv2
from mnist_lenet.conv2 tablesample boundary('maxmargin', 0.05)
where split = 'test'
group by label
order by label;
