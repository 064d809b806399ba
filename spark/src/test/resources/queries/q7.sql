-- Q7: how similar are the representations of two architectures on the same data?
-- LeNet-5's fc2 against the MLP's 84-wide last hidden layer, per class and overall.
select m.label, count(*) as items, linear_cka(l.activation, m.activation) as cka
from mnist_mlp.fc2 as m tablesample boundary('maxmargin', 0.05)
join mnist_lenet.fc2 as l on m.id = l.id
group by rollup(m.label)
order by m.label nulls last;
