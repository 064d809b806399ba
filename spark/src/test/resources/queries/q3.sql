-- Q3: the average pattern of the last hidden layer (fc2) for class 7,
-- misclassified vs correctly classified, and how far apart the two patterns are.
with by_correct as (
  select correct, count(*) as items, avg_activation(activation) as mean_fc2
  from mnist_lenet.fc2 tablesample boundary('maxmargin', 0.05)
  where split = 'test' and label = 7
  group by correct)
select w.items as wrong_items, r.items as right_items,
  cosine_distance(w.mean_fc2, r.mean_fc2) as distance,
  topk_precision(
    (select topk_neurons(activation, 10) from mnist_lenet.fc2 tablesample boundary('maxmargin', 0.05)
     where split = 'test' and label = 7 and not correct),
    (select topk_neurons(activation, 10) from mnist_lenet.fc2 tablesample boundary('maxmargin', 0.05)
     where split = 'test' and label = 7 and correct)) as shared_top10
from by_correct w, by_correct r
where not w.correct and r.correct;
