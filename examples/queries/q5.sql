-- Q5: the maximally activated neurons of the last conv layer for items of class 4
-- predicted as 9, and how often each neuron is the largest one.
select count(*) as items, topk_neurons(activation, 10) as top10,
  argmax_dist(activation) as argmax_share
from mnist_lenet.conv2 tablesample boundary('maxmargin', 0.2)
where split = 'test' and label = 4 and predicted = 9;
