-- Q2: the top-10 neurons of conv2 for misclassified items, per true class.
select label, count(*) as items, topk_neurons(activation, 10) as top10
from mnist_lenet.conv2 tablesample boundary('maxmargin', 0.05)
where split = 'test' and not correct
group by label
order by label;
