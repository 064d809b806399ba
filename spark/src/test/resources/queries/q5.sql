-- Q5: the maximally activated neurons of the last conv layer (conv2) for items of class 4
-- predicted as 9, on a 20% MaxMargin sample, and the same on all test items.
select 'sample' as data, count(*) as items, topk_neurons(activation, 10) as top10
from mnist_lenet.conv2 tablesample boundary('maxmargin', 0.2)
where split = 'test' and label = 4 and predicted = 9
union all
select 'all', count(*), topk_neurons(activation, 10)
from mnist_lenet.conv2
where split = 'test' and label = 4 and predicted = 9;
