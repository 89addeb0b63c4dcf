import sys, time, math, argparse
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import torchvision.transforms as T
p = argparse.ArgumentParser()
p.add_argument('--method', default='simsiam'); p.add_argument('--epochs', type=int, default=10)
p.add_argument('--lr', type=float, default=0.1); p.add_argument('--wd', type=float, default=5e-4)
p.add_argument('--batch', type=int, default=128); p.add_argument('--scale', type=float, default=0.3)
p.add_argument('--width', type=int, default=16); p.add_argument('--sep', type=int, default=0)
p.add_argument('--init', default='torch'); p.add_argument('--nonorm', type=int, default=0); p.add_argument('--cj', type=float, default=0.4); p.add_argument('--hue', type=float, default=0.1); p.add_argument('--gray', type=float, default=0.2); p.add_argument('--predlr', type=int, default=0); p.add_argument('--zir', type=int, default=0); p.add_argument('--scramble', type=int, default=0); p.add_argument('--invert', type=float, default=0); p.add_argument('--seed', type=int, default=42); p.add_argument('--data', default='data/shapes')
a = p.parse_args()
torch.set_num_threads(int(__import__("os").environ.get("T","2"))); torch.manual_seed(a.seed); np.random.seed(a.seed)
def load(n, k): return torch.from_numpy(np.fromfile(f'{a.data}/{n}_x.f32', dtype=np.float32).reshape(k,3,32,32)), torch.tensor([int(l) for l in open(f'{a.data}/{n}_y.txt')])
xtr, ytr = load('train', int(__import__('os').environ.get('N','4000'))); xte, yte = load('test', 1000)
mean = xtr.mean((0,2,3)).view(1,3,1,1); std = xtr.std((0,2,3)).view(1,3,1,1)
class Scramble:
    def __call__(s, x):
        x = x[torch.randperm(3)]
        inv = (torch.rand(3, 1, 1) < 0.5).float()
        return inv * (1 - x) + (1 - inv) * x
class Invert:
    def __call__(s, x): return 1 - x if torch.rand(()) < a.invert else x
aug = T.Compose(([Scramble()] if a.scramble else []) + ([Invert()] if a.invert else []) + [T.RandomResizedCrop(32, scale=(a.scale, 1.0)), T.RandomHorizontalFlip(),
                 T.RandomApply([T.ColorJitter(a.cj,a.cj,a.cj,a.hue)], p=0.8), T.RandomGrayscale(a.gray)])
def bb(cin, cout, s):
    return nn.ModuleDict(dict(c1=nn.Conv2d(cin,cout,3,s,1,bias=False), b1=nn.BatchNorm2d(cout), c2=nn.Conv2d(cout,cout,3,1,1,bias=False), b2=nn.BatchNorm2d(cout),
        sc=nn.Sequential(nn.Conv2d(cin,cout,1,s,bias=False), nn.BatchNorm2d(cout)) if (s!=1 or cin!=cout) else nn.Identity()))
class Net(nn.Module):
    def __init__(s, w):
        super().__init__(); s.stem = nn.Sequential(nn.Conv2d(3,w,3,1,1,bias=False), nn.BatchNorm2d(w), nn.ReLU())
        s.blocks = nn.ModuleList([bb(w,w,1), bb(w,2*w,2), bb(2*w,4*w,2)]); s.dim = 4*w
        if a.zir:
            for b in s.blocks: nn.init.zeros_(b['b2'].weight)
    def forward(s, x):
        x = s.stem(x)
        for b in s.blocks: x = F.relu(b['b2'](b['c2'](F.relu(b['b1'](b['c1'](x))))) + b['sc'](x))
        return x.mean((2,3))
net = Net(a.width); d = net.dim
if a.method == 'simsiam':
    proj = nn.Sequential(nn.Linear(d,256,bias=False), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256,256,bias=False), nn.BatchNorm1d(256, affine=False))
    pred = nn.Sequential(nn.Linear(256,64,bias=False), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64,256))
else:
    proj = nn.Sequential(nn.Linear(d,256,bias=False), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256,128)); pred = nn.Identity()
if a.init == 'he':
    for m in list(net.modules()) + list(proj.modules()) + list(pred.modules()):
        if isinstance(m, (nn.Conv2d, nn.Linear)): nn.init.kaiming_normal_(m.weight, nonlinearity='relu', mode='fan_in')
        if isinstance(m, nn.Linear) and m.bias is not None: nn.init.zeros_(m.bias)
    for h in (proj, pred):
        ls = [m for m in h.modules() if isinstance(m, nn.Linear)]
        if ls: nn.init.xavier_normal_(ls[-1].weight)
if a.nonorm: mean = torch.zeros_like(mean); std = torch.ones_like(std)
params = list(net.parameters()) + list(proj.parameters()) + list(pred.parameters())
opt = torch.optim.SGD([dict(params=list(net.parameters()) + list(proj.parameters())), dict(params=list(pred.parameters()), fix=bool(a.predlr))], lr=a.lr, momentum=0.9, weight_decay=a.wd, nesterov=True)
@torch.no_grad()
def knn():
    net.eval(); f = lambda x: F.normalize(torch.cat([net((x[i:i+256]-mean)/std) for i in range(0,len(x),256)]), dim=1)
    ftr, fte = f(xtr), f(xte); sim = fte @ ftr.T; w, idx = sim.topk(20, dim=1); w = (w/0.07).exp()
    votes = torch.zeros(len(xte), 10).scatter_add_(1, ytr[idx], w); net.train()
    return (votes.argmax(1) == yte).float().mean().item()*100
print('init knn', knn(), flush=True)
steps_per = len(xtr) // a.batch; total = steps_per*a.epochs; step = 0; t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(len(xtr)); losses = []
    for it in range(steps_per):
        idx = perm[it*a.batch:(it+1)*a.batch]; x = xtr[idx]
        v1 = (torch.stack([aug(im) for im in x]) - mean)/std; v2 = (torch.stack([aug(im) for im in x]) - mean)/std
        lr = a.lr*step/steps_per if step < steps_per else a.lr*0.5*(1+math.cos(math.pi*(step-steps_per)/(total-steps_per)))
        for g in opt.param_groups: g['lr'] = a.lr if g.get('fix') else lr
        if a.sep: f1, f2 = net(v1), net(v2)
        else: f = net(torch.cat([v1,v2])); f1, f2 = f[:len(x)], f[len(x):]
        if a.method == 'simsiam':
            if a.sep: z1, z2 = proj(f1), proj(f2)
            else: z = proj(torch.cat([f1,f2])); z1, z2 = z[:len(x)], z[len(x):]
            p1, p2 = pred(z1), pred(z2)
            loss = -(F.cosine_similarity(p1, z2.detach()).mean() + F.cosine_similarity(p2, z1.detach()).mean())/2
        else:
            z = F.normalize(proj(torch.cat([f1,f2])), dim=1); n = len(x); s = z @ z.T / 0.1
            s.fill_diagonal_(-1e9); tgt = torch.cat([torch.arange(n,2*n), torch.arange(0,n)])
            loss = F.cross_entropy(s, tgt)
        opt.zero_grad(); loss.backward(); opt.step(); step += 1; losses.append(loss.item())
    msg = f'epoch {ep} loss {np.mean(losses):.3f} t {time.time()-t0:.0f}s'
    if ep % 2 == 1 or ep == a.epochs-1: msg += f' knn {knn():.1f}'
    print(msg, flush=True)
