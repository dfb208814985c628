/**
 * The committed model as an ONNX graph, built in memory with onnx-proto from the core's own
 * execution plan and the weights dequantised by tfjs (`tf.io.decodeWeights`, the call the core
 * makes), so onnxruntime-web runs exactly the numbers Cifra runs.
 *
 * Layout: the input stays NHWC [N, 28, 28, 1] like the core's; a Transpose turns it to NCHW for
 * ONNX's Conv and MaxPool (kernels OIHW from tfjs's HWIO), and a Transpose back to NHWC before
 * Flatten keeps the dense kernel's rows in tfjs's order. The graph ends in Softmax, where the
 * core applies softmax in JS.
 */
import onnxProto from 'onnx-proto';
import { executionPlan, readArtifacts, type ModelFiles } from '@cifra/inference';
import { setupTf } from '@cifra/model';

const { onnx } = onnxProto;
type Attribute = InstanceType<typeof onnx.AttributeProto>;

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'probabilities';
const OPSET = 13;

function ints(name: string, values: number[]): Attribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
}

function int(name: string, value: number): Attribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

function str(name: string, value: string): Attribute {
  return onnx.AttributeProto.create({
    name,
    type: onnx.AttributeProto.AttributeType.STRING,
    s: new TextEncoder().encode(value),
  });
}

/** Float32 tensor initialiser; raw little-endian bytes, as onnx's own tools write them. */
function initializer(name: string, dims: number[], values: Float32Array) {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
}

function valueInfo(name: string, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })),
        },
      },
    },
  });
}

/** The model's ONNX bytes (opset 13, dynamic batch `N`, input NHWC float 0–1). */
export async function exportOnnx(model: ModelFiles): Promise<Uint8Array> {
  const tf = await setupTf('wasm');
  const artifacts = readArtifacts(model);
  const plan = executionPlan(artifacts.topology);
  const decoded = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  /** A weight's values, its axes permuted first when `perm` is given (a pure copy). */
  const weight = (name: string, perm?: number[]) => {
    const tensor = decoded[name];
    if (!tensor) throw new Error(`weight ${name} missing`);
    const arranged = perm ? tf.transpose(tensor, perm) : tensor;
    const values = arranged.dataSync() as Float32Array;
    if (arranged !== tensor) arranged.dispose();
    return { values, shape: arranged.shape };
  };

  const nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  const initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  let current = ONNX_INPUT;
  let counter = 0;
  const node = (opType: string, inputs: string[], attribute: Attribute[] = [], output?: string): string => {
    output ??= `${opType.toLowerCase()}_${counter++}`;
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute }));
    return output;
  };
  /** Adds a kernel (permuted as ONNX wants it) and its bias as initializers; returns the op's inputs. */
  const weighted = (kernelName: string, bias: string | undefined, perm?: number[]) => {
    const kernel = weight(kernelName, perm);
    initializers.push(initializer(kernelName, kernel.shape, kernel.values));
    const inputs = [current, kernelName];
    if (bias) {
      const values = weight(bias);
      initializers.push(initializer(bias, values.shape, values.values));
      inputs.push(bias);
    }
    return { inputs, shape: kernel.shape };
  };
  const autoPad = (padding: 'valid' | 'same') => str('auto_pad', padding === 'same' ? 'SAME_UPPER' : 'VALID');

  current = node('Transpose', [current], [ints('perm', [0, 3, 1, 2])]);
  let layout: 'NCHW' | 'flat' = 'NCHW';
  for (const step of plan) {
    switch (step.op) {
      case 'conv2d': {
        // tfjs keeps conv kernels HWIO; ONNX wants OIHW.
        const { inputs, shape } = weighted(step.kernel, step.bias, [3, 2, 0, 1]);
        const [, , h = 0, w = 0] = shape;
        current = node('Conv', inputs, [
          ints('kernel_shape', [h, w]),
          ints('strides', step.strides),
          autoPad(step.padding),
        ]);
        if (step.activation === 'relu') current = node('Relu', [current]);
        break;
      }
      case 'maxPool':
        current = node(
          'MaxPool',
          [current],
          [ints('kernel_shape', step.poolSize), ints('strides', step.strides), autoPad(step.padding)],
        );
        break;
      case 'flatten':
        if (layout === 'NCHW') current = node('Transpose', [current], [ints('perm', [0, 2, 3, 1])]);
        current = node('Flatten', [current], [int('axis', 1)]);
        layout = 'flat';
        break;
      case 'dense': {
        if (layout !== 'flat') throw new Error('a dense layer before flatten');
        const { inputs } = weighted(step.kernel, step.bias);
        current = node('Gemm', inputs);
        if (step.activation === 'relu') current = node('Relu', [current]);
        break;
      }
    }
  }
  tf.dispose(Object.values(decoded));
  node('Softmax', [current], [int('axis', -1)], ONNX_OUTPUT);

  const graph = onnx.GraphProto.create({
    name: `cifra-${model.manifest.version}`,
    node: nodes,
    initializer: initializers,
    input: [valueInfo(ONNX_INPUT, ['N', 28, 28, 1])],
    output: [valueInfo(ONNX_OUTPUT, ['N', model.manifest.labels.length])],
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'cifra bench:peer',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  });
  return onnx.ModelProto.encode(proto).finish();
}
