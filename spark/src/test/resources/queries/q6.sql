-- Q6: does the model learn some classes faster than others? Per class, the similarity of
-- the latent layer after epoch 1 and after the final epoch: a class whose representation
-- barely moves after epoch 1 was learned early.
select e1.label, count(*) as items,
  linear_cka(e1.activation, f.activation) as cka_epoch1_final
from mnist_lenet_epoch1.fc2 as e1 tablesample boundary('maxmargin', 0.05)
join mnist_lenet.fc2 as f on e1.id = f.id
group by e1.label
order by cka_epoch1_final desc;
